-- pp2.rfm-metrics: R, F, M of every participant with a purchase, as of 2025-07-01.
SELECT participant_id,
       CAST(julianday('2025-07-01') - julianday(max(date(event_date))) AS INTEGER) AS recency_days,
       count(*) AS frequency,
       round(sum(amount), 2) AS monetary
FROM loyalty_events
GROUP BY participant_id;
