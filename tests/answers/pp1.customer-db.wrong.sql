-- Типичная первая попытка: таблицы есть, ограничений почти нет, согласие не проверяется.
CREATE TABLE customers (
  customer_id INTEGER PRIMARY KEY,
  full_name TEXT,
  phone TEXT,
  email TEXT,
  city TEXT,
  birth_date DATE,
  pd_consent INTEGER,
  pd_consent_date DATE
);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, name TEXT, category TEXT, price REAL);
CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER,
  order_date DATETIME,
  status TEXT,
  amount REAL
);
CREATE TABLE order_items (order_id INTEGER, product_id INTEGER, qty INTEGER, price REAL);
CREATE TABLE preferences (customer_id INTEGER, tag TEXT);
