//! SQLite's heap cap in a process that sets it before SQLite starts, as the program does
//! at start-up: the counting allocator (`data::sql::heap`), not SQLite's own limit. A
//! test binary of its own, so that nothing opens a database before the cap is set.

use crm_workbook::data::sql::heap::{self, HeapCap};
use crm_workbook::data::sql::loader::{self, Datum};
use crm_workbook::data::sql::{Limits, Sandbox};

#[test]
fn a_runaway_statement_hits_the_cap_and_everything_it_held_is_given_back() {
    // A small cap for the test (the program's is a gigabyte).
    assert_eq!(heap::cap(48 << 20), HeapCap::Counted);
    let baseline = heap::used();
    {
        let sandbox = Sandbox::new(Limits::default()).expect("sandbox");
        // A sort of 120 one-megabyte blobs held in memory (temp_store = MEMORY).
        let hog = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 120) \
                   SELECT length(b) FROM (SELECT randomblob(1000000) AS b FROM r) ORDER BY b";
        let err = sandbox.run(hog, 10).expect_err("the cap stops it");
        assert!(err.message.contains("не хватило памяти"), "{}", err.message);
        assert!(heap::used() > baseline, "the open sandbox holds memory");
        // The same sandbox still answers a small query.
        let rows = sandbox.run("SELECT 1 + 1", 10).expect("small query");
        assert_eq!(rows.rows.len(), 1);
    }
    // Closed: SQLite gives back what it counted (its page cache and lookaside included),
    // up to the little it keeps for the process.
    assert!(heap::used() - baseline < 1 << 20, "still held: {} bytes", heap::used() - baseline);
    // A later sandbox sorts what fits under the same cap.
    let sandbox = Sandbox::new(Limits::default()).expect("sandbox");
    let fits = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100) \
                SELECT length(b) FROM (SELECT randomblob(100000) AS b FROM r) ORDER BY b";
    assert_eq!(sandbox.run(fits, 1000).expect("10 MB fit").rows.len(), 100);
    // Course data too large for the cap: the loader says so in Russian, naming the table.
    let wide = "x".repeat(1000);
    let rows = (0..80_000).map(|i| vec![Datum::Int(i), Datum::Text(wide.clone())]).collect();
    let table = loader::table_of("big", &["id", "note"], rows).expect("table");
    let err = loader::database_of(&[table]).expect_err("80 MB under a 48 MB cap");
    assert_eq!(err.file, "big");
    assert_eq!(err.message, "данным упражнения не хватило памяти SQLite");
}
