-- Тот же перенос «в лоб»: соединение по lower(trim(...)) без предварительных пар,
-- лиды через GROUP BY и обратное соединение, interactions двумя командами.
INSERT INTO visitor_customers (visitor_id, customer_id)
SELECT s.visitor_id, min(c.customer_id)
FROM site_events s
JOIN customers c ON lower(trim(c.email)) = lower(trim(s.email))
WHERE s.email LIKE '%@%'
GROUP BY s.visitor_id;

INSERT INTO leads (email, visitor_id, first_seen, source)
SELECT f.email, s.visitor_id, s.ts, s.event
FROM (SELECT lower(trim(email)) AS email, min(ts) AS first_ts
      FROM site_events WHERE email LIKE '%@%' GROUP BY 1) f
JOIN site_events s ON s.ts = f.first_ts AND lower(trim(s.email)) = f.email
WHERE f.email NOT IN (SELECT lower(trim(email)) FROM customers WHERE email IS NOT NULL);

INSERT INTO interactions (customer_id, occurred_at, event, url, product_id)
SELECT vc.customer_id, s.ts, s.event, s.url, s.product_id
FROM site_events s JOIN visitor_customers vc ON vc.visitor_id = s.visitor_id;

INSERT INTO interactions (lead_id, occurred_at, event, url, product_id)
SELECT l.lead_id, s.ts, s.event, s.url, s.product_id
FROM site_events s
JOIN (SELECT DISTINCT visitor_id, lower(trim(email)) AS email FROM site_events WHERE email LIKE '%@%') ve
  ON ve.visitor_id = s.visitor_id
JOIN leads l ON l.email = ve.email;
