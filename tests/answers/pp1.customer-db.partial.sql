-- Почти верно: забыты проверка «@» в e-mail и внешний ключ у обращений.
CREATE TABLE customers (
  customer_id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL,
  phone TEXT,
  email TEXT UNIQUE,
  city TEXT,
  birth_date DATE,
  pd_consent INTEGER NOT NULL CHECK (pd_consent = 1),
  pd_consent_date DATE NOT NULL
);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price REAL NOT NULL CHECK (price >= 0));
CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
  order_date DATETIME NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('выполнен', 'отменён', 'в доставке', 'возврат')),
  amount REAL
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders (order_id),
  product_id INTEGER NOT NULL REFERENCES products (product_id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  price REAL NOT NULL CHECK (price >= 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE TABLE preferences (customer_id INTEGER NOT NULL REFERENCES customers (customer_id), tag TEXT NOT NULL, PRIMARY KEY (customer_id, tag));
CREATE TABLE interactions (interaction_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, occurred_at DATETIME NOT NULL, channel TEXT NOT NULL, topic TEXT);
