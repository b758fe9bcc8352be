-- «Больше 90 дней»: клиенты, купившие ровно 90 дней назад (2025-04-02), потеряны.
-- part: sleeping-90
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT customer_id FROM orders WHERE status = 'выполнен'
  GROUP BY customer_id HAVING max(order_date) < '2025-04-02');
