-- Та же схема другим почерком: ограничения уровня таблицы, отдельный уникальный индекс,
-- VARCHAR, DECIMAL, BOOLEAN, TIMESTAMP, внешние ключи через FOREIGN KEY.
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  customer_id INTEGER NOT NULL,
  full_name VARCHAR(200) NOT NULL,
  phone VARCHAR(20),
  email VARCHAR(100),
  city VARCHAR(100),
  birth_date DATE,
  pd_consent BOOLEAN NOT NULL DEFAULT 1,
  pd_consent_date TIMESTAMP NOT NULL,
  PRIMARY KEY (customer_id),
  CONSTRAINT consent_given CHECK (pd_consent = 1),
  CONSTRAINT email_has_at CHECK (email IS NULL OR instr(email, '@') > 1)
);
CREATE UNIQUE INDEX customers_email ON customers (email);

CREATE TABLE products (
  product_id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  category VARCHAR(50) NOT NULL,
  price DECIMAL(10, 2) NOT NULL,
  CHECK (price >= 0)
);

CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  order_date TIMESTAMP NOT NULL,
  status VARCHAR(20) NOT NULL CHECK (status IN ('выполнен', 'отменён', 'в доставке', 'возврат')),
  amount DECIMAL(12, 2),
  FOREIGN KEY (customer_id) REFERENCES customers
);

CREATE TABLE order_items (
  order_id INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  qty INTEGER NOT NULL CHECK (qty >= 1),
  price DECIMAL(10, 2) NOT NULL CHECK (price >= 0),
  PRIMARY KEY (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders (order_id),
  FOREIGN KEY (product_id) REFERENCES products (product_id)
);

CREATE TABLE preferences (
  customer_id INTEGER NOT NULL REFERENCES customers ON DELETE CASCADE,
  tag VARCHAR(50) NOT NULL,
  PRIMARY KEY (customer_id, tag)
);

CREATE TABLE interactions (
  interaction_id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
  occurred_at TIMESTAMP NOT NULL,
  channel VARCHAR(30) NOT NULL,
  topic VARCHAR(100)
);
