-- Задание 3: сегменты клиентов

-- part: sleeping-90
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT customer_id FROM orders WHERE status = 'выполнен'
  GROUP BY customer_id HAVING date(max(order_date)) <= '2025-04-02');

-- part: frequent
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT customer_id FROM orders WHERE status = 'выполнен'
  GROUP BY customer_id HAVING count(*) >= 3);

-- part: photo-moscow
SELECT customer_id FROM customers
WHERE interests LIKE '%фото и видео%'
  AND replace(replace(trim(city), 'г.', ''), ' ', '') IN ('Москва', 'москва', 'Мск');

-- part: subscribed-no-purchase
SELECT customer_id FROM customers
WHERE email_subscribed = 1 AND pd_consent = 1
  AND customer_id NOT IN (SELECT customer_id FROM orders WHERE status = 'выполнен');

-- part: smartphone-no-accessory
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT o.customer_id FROM orders o
  JOIN order_items i ON i.order_id = o.order_id
  JOIN products p ON p.product_id = i.product_id
  WHERE o.status = 'выполнен' AND p.category = 'Смартфоны'
  EXCEPT
  SELECT o.customer_id FROM orders o
  JOIN order_items i ON i.order_id = o.order_id
  JOIN products p ON p.product_id = i.product_id
  WHERE o.status = 'выполнен' AND p.category = 'Аксессуары');
