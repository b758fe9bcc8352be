-- Задание 5: журнал сайта в таблицы CRM
INSERT INTO visitor_customers (visitor_id, customer_id)
WITH ve AS (SELECT DISTINCT visitor_id, lower(trim(email)) AS email
            FROM site_events WHERE instr(email, '@') > 0)
SELECT ve.visitor_id, min(c.customer_id)
FROM ve JOIN customers c ON lower(trim(c.email)) = ve.email
GROUP BY ve.visitor_id;

INSERT INTO leads (email, visitor_id, first_seen, source)
SELECT email, visitor_id, ts, event FROM (
  SELECT lower(trim(email)) AS email, visitor_id, ts, event,
         row_number() OVER (PARTITION BY lower(trim(email)) ORDER BY ts) AS n
  FROM site_events WHERE instr(email, '@') > 0)
WHERE n = 1
  AND email NOT IN (SELECT lower(trim(email)) FROM customers WHERE email IS NOT NULL);

INSERT INTO interactions (customer_id, lead_id, occurred_at, event, url, product_id)
SELECT vc.customer_id, l.lead_id, s.ts, s.event, s.url, s.product_id
FROM site_events s
LEFT JOIN visitor_customers vc ON vc.visitor_id = s.visitor_id
LEFT JOIN (SELECT DISTINCT visitor_id, lower(trim(email)) AS email
           FROM site_events WHERE instr(email, '@') > 0) ve ON ve.visitor_id = s.visitor_id
LEFT JOIN leads l ON l.email = ve.email
WHERE vc.customer_id IS NOT NULL OR l.lead_id IS NOT NULL;
