-- A typical mistake: only entering a code counts as a purchase, and the time of day is
-- left in the recency.
SELECT participant_id,
       julianday('2025-07-01') - julianday(max(event_date)) AS recency_days,
       count(*) AS frequency,
       sum(amount) AS monetary
FROM loyalty_events
WHERE event_type = 'ввод кода с упаковки'
GROUP BY participant_id;
