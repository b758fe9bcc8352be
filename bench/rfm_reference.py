"""The RFM computation of `crm-workbook rfm` done by pandas and by DuckDB, for the
benchmark in bench/rfm.sh, and the comparison of their outputs.

    python rfm_reference.py pandas ORDERS.csv OUT.csv [--method quantile|rank-first] [--bins 5] [--ids int|text]
    python rfm_reference.py duckdb ORDERS.csv OUT.csv [--bins 5] [--ids int|text]   (quantile)
    python rfm_reference.py compare A.csv B.csv

--ids text reads customer ids as strings (`0012345` and `12345` are two customers; codes,
UUIDs, e-mails, phones), sorted by their bytes as the engine sorts text ids; int (the
default) as 64-bit integers, sorted as numbers.

Both write customer_id,recency_days,frequency,monetary,r,f,m sorted by customer_id, with
the engine's definitions: recency = as-of date (the day after the latest order) − the day
of the last order; frequency = distinct order ids; monetary = exact sum in kopecks;
quantile score = (rank − 1) * bins // n + 1 with rank = 1 + the number of strictly
smaller values (for R: strictly more days); rank-first = pandas' qcut of
rank(method="first").
"""

import argparse
import sys


def pandas_rfm(path, out, method, bins, ids):
    import numpy as np
    import pandas as pd

    df = pd.read_csv(
        path,
        usecols=["order_id", "customer_id", "order_date", "amount"],
        dtype={"order_id": "int64", "customer_id": "int64" if ids == "int" else str, "amount": "float64"},
        engine="c",
    )
    day = pd.to_datetime(df["order_date"], format="%Y-%m-%d %H:%M:%S").values.astype("datetime64[D]")
    df["day"] = day.astype("int64")
    df["kopecks"] = np.rint(df["amount"].to_numpy() * 100).astype("int64")
    as_of = int(df["day"].max()) + 1
    g = df.groupby("customer_id", sort=True)
    c = pd.DataFrame(
        {
            "recency_days": as_of - g["day"].max(),
            "frequency": g["order_id"].nunique(),
            "monetary": g["kopecks"].sum(),
        }
    )
    n = len(c)
    if method == "quantile":
        def score(rank):
            return ((rank.astype("int64") - 1) * bins // n + 1).astype("int64")

        c["r"] = score(c["recency_days"].rank(method="min", ascending=False))
        c["f"] = score(c["frequency"].rank(method="min"))
        c["m"] = score(c["monetary"].rank(method="min"))
    else:
        labels = list(range(1, bins + 1))
        c["r"] = pd.qcut(c["recency_days"].rank(method="first"), bins, labels=labels[::-1]).astype("int64")
        c["f"] = pd.qcut(c["frequency"].rank(method="first"), bins, labels=labels).astype("int64")
        c["m"] = pd.qcut(c["monetary"].rank(method="first"), bins, labels=labels).astype("int64")
    c["monetary"] = c["monetary"] / 100
    c.reset_index().to_csv(out, index=False, float_format="%.2f")


def duckdb_rfm(path, out, bins, ids):
    import duckdb

    id_type = "BIGINT" if ids == "int" else "VARCHAR"

    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
          WITH o AS (
            SELECT customer_id, CAST(order_date AS DATE) AS d, order_id,
                   CAST(amount * 100 AS BIGINT) AS kopecks
            FROM read_csv('{path}', header = true, quote = '"', escape = '"',
                          columns = {{'order_id': 'BIGINT', 'customer_id': '{id_type}',
                                      'order_date': 'TIMESTAMP', 'status': 'VARCHAR',
                                      'channel': 'VARCHAR', 'amount': 'DECIMAL(18,2)',
                                      'return_of': 'BIGINT'}})
          ),
          a AS (SELECT max(d) + 1 AS as_of FROM o),
          c AS (
            SELECT customer_id, (SELECT as_of FROM a) - max(d) AS recency_days,
                   count(DISTINCT order_id) AS frequency, sum(kopecks) AS monetary
            FROM o GROUP BY customer_id
          ),
          n AS (SELECT count(*) AS n FROM c)
          SELECT customer_id, recency_days, frequency, monetary / 100 AS monetary,
                 (rank() OVER (ORDER BY recency_days DESC) - 1) * {bins} // n + 1 AS r,
                 (rank() OVER (ORDER BY frequency) - 1) * {bins} // n + 1 AS f,
                 (rank() OVER (ORDER BY monetary) - 1) * {bins} // n + 1 AS m
          FROM c, n ORDER BY customer_id
        ) TO '{out}' (HEADER, DELIMITER ',')
        """
    )


def compare(a_path, b_path):
    """Every customer's recency, frequency, monetary and R, F, M must agree."""
    import pandas as pd

    cols = ["customer_id", "recency_days", "frequency", "monetary", "r", "f", "m"]
    types = {"customer_id": str, "monetary": "float64"}
    # Customer ids as text, both sides in the same order (ids as written, not as sorted).
    a = pd.read_csv(a_path, usecols=cols, dtype=types, keep_default_na=False)[cols]
    b = pd.read_csv(b_path, usecols=cols, dtype=types, keep_default_na=False)[cols]
    if len(a) != len(b):
        print(f"DIFFER: {len(a)} vs {len(b)} customers")
        return 1
    a = a.sort_values("customer_id", kind="stable").reset_index(drop=True)
    b = b.sort_values("customer_id", kind="stable").reset_index(drop=True)
    bad = 0
    for col in cols:
        if col == "monetary":
            diff = ((a[col] * 100).round() != (b[col] * 100).round())
        else:
            diff = a[col].to_numpy() != b[col].to_numpy()
        if diff.any():
            bad += 1
            k = diff.argmax() if hasattr(diff, "argmax") else 0
            print(f"DIFFER in {col}: {int(diff.sum())} customers, first: {a.iloc[k].to_dict()} vs {b.iloc[k].to_dict()}")
    if bad == 0:
        print(f"agree: {len(a)} customers, R F M and the metrics identical")
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tool", choices=["pandas", "duckdb", "compare"])
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--method", default="quantile", choices=["quantile", "rank-first"])
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--ids", default="int", choices=["int", "text"])
    args = p.parse_args()
    if args.tool == "pandas":
        pandas_rfm(args.a, args.b, args.method, args.bins, args.ids)
    elif args.tool == "duckdb":
        duckdb_rfm(args.a, args.b, args.bins, args.ids)
    else:
        sys.exit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
