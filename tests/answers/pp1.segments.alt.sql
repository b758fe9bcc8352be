-- Те же сегменты другими приёмами: общий CTE через представление, NOT EXISTS, LEFT JOIN,
-- столбцы с другими именами.
CREATE TEMP VIEW purchases AS
SELECT o.order_id, o.customer_id, o.order_date
FROM orders o JOIN customers c ON c.customer_id = o.customer_id
WHERE o.status = 'выполнен';

-- part: sleeping-90
SELECT customer_id AS id
FROM purchases
GROUP BY customer_id
HAVING max(order_date) < '2025-04-03';

-- part: frequent
SELECT customer_id FROM purchases GROUP BY 1 HAVING count(DISTINCT order_id) > 2;

-- part: photo-moscow
SELECT customer_id
FROM customers
WHERE ';' || interests || ';' LIKE '%;фото и видео;%'
  AND (trim(city) IN ('Москва', 'москва', 'Мск') OR trim(city) LIKE 'г.%Москва');

-- part: subscribed-no-purchase
SELECT c.customer_id
FROM customers c
LEFT JOIN purchases p ON p.customer_id = c.customer_id
WHERE c.email_subscribed = 1 AND c.pd_consent = 1
GROUP BY c.customer_id
HAVING count(p.order_id) = 0;

-- part: smartphone-no-accessory
SELECT DISTINCT p.customer_id
FROM purchases p
JOIN order_items i ON i.order_id = p.order_id
JOIN products pr ON pr.product_id = i.product_id AND pr.category = 'Смартфоны'
WHERE NOT EXISTS (
  SELECT 1 FROM purchases p2
  JOIN order_items i2 ON i2.order_id = p2.order_id
  JOIN products pr2 ON pr2.product_id = i2.product_id
  WHERE p2.customer_id = p.customer_id AND pr2.category = 'Аксессуары');
