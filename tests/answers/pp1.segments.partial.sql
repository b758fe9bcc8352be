-- Три сегмента из пяти; остальные ещё не написаны.

-- part: sleeping-90
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT customer_id FROM orders WHERE status = 'выполнен'
  GROUP BY customer_id HAVING date(max(order_date)) <= '2025-04-02');

-- part: frequent
SELECT c.customer_id
FROM customers c JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'выполнен'
GROUP BY c.customer_id
HAVING count(*) >= 3;

-- part: subscribed-no-purchase
SELECT customer_id FROM customers c
WHERE email_subscribed = 1 AND pd_consent = 1
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'выполнен');
