-- «Давно не покупали» как написано в условии: 90 дней и больше до даты отсчёта.
-- part: sleeping-90
SELECT customer_id FROM customers WHERE customer_id IN (
  SELECT customer_id FROM orders WHERE status = 'выполнен'
  GROUP BY customer_id
  HAVING julianday('2025-07-01') - julianday(date(max(order_date))) >= 90);
