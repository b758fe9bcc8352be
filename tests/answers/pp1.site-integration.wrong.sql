-- Типичные ошибки: e-mail сравниваются как есть (без lower/trim), лиды не схлопнуты по
-- e-mail, в interactions попадают только события с e-mail.
INSERT INTO visitor_customers (visitor_id, customer_id)
SELECT DISTINCT s.visitor_id, c.customer_id
FROM site_events s JOIN customers c ON c.email = s.email;

INSERT OR IGNORE INTO leads (email, visitor_id, first_seen, source)
SELECT s.email, s.visitor_id, s.ts, s.event
FROM site_events s
WHERE s.email IS NOT NULL AND s.email NOT IN (SELECT email FROM customers WHERE email IS NOT NULL);

INSERT INTO interactions (customer_id, lead_id, occurred_at, event, url, product_id)
SELECT vc.customer_id, NULL, s.ts, s.event, s.url, s.product_id
FROM site_events s JOIN visitor_customers vc ON vc.visitor_id = s.visitor_id
WHERE s.email IS NOT NULL;
