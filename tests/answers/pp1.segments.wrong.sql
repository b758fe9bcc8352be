-- Типичные ошибки: отменённые заказы считаются покупками, клиенты берутся из orders,
-- Москва ищется в одном написании, согласие не проверяется.

-- part: sleeping-90
SELECT customer_id FROM orders GROUP BY customer_id HAVING max(order_date) < '2025-04-02';

-- part: frequent
SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) >= 3;

-- part: photo-moscow
SELECT customer_id FROM customers WHERE interests LIKE '%фото и видео%' AND city = 'Москва';

-- part: subscribed-no-purchase
SELECT customer_id FROM customers
WHERE email_subscribed = 1
  AND customer_id NOT IN (SELECT customer_id FROM orders WHERE status = 'выполнен');

-- part: smartphone-no-accessory
SELECT DISTINCT o.customer_id
FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
WHERE p.category = 'Смартфоны';
