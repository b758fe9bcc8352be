//! pp2.rfm-metrics is graded against its reference query; the reference must say what
//! the RFM engine says. For several learners' variants, the reference query's rows equal
//! the engine's recency, frequency and monetary, participant by participant.

use std::collections::BTreeMap;

use crm_workbook::course::{self, CourseSource};
use crm_workbook::data::rfm;
use crm_workbook::data::sql::Value;
use crm_workbook::grading::{self, Learner};
use crm_workbook::kinds::{Spec, sql};

#[test]
fn the_reference_query_agrees_with_the_engine_on_every_learners_variant() {
    let course = course::load(CourseSource::Embedded).into_result().expect("built-in course");
    let exercise = course.exercise("pp2.rfm-metrics").expect("pp2.rfm-metrics");
    let Spec::Sql(spec) = &exercise.spec else { panic!("an sql exercise") };
    let reference = spec.parts[0].reference.get_ref();
    for student in ["Иванова Анна", "Петров Пётр", "", "Сидорова Мария", "Ким Александр"]
    {
        let learner = Learner::by_name(student);
        let ctx = grading::context(&course.source, exercise, &learner);
        let sandbox = sql::sandbox(spec, &ctx).expect("sandbox of the variant");
        let rows = sandbox.run(reference, 100_000).expect("reference runs");
        assert_eq!(rows.columns, ["participant_id", "recency_days", "frequency", "monetary"]);
        let by_sql: BTreeMap<String, (i64, i64, i64)> = rows
            .rows
            .iter()
            .map(|r| {
                let int = |v: &Value| v.as_number().expect("a number") as i64;
                let kopecks = (r[3].as_number().expect("a number") * 100.0).round() as i64;
                (r[0].display(), (int(&r[1]), int(&r[2]), kopecks))
            })
            .collect();

        // The engine's own reading of the same learner's loyalty events.
        let variant = grading::variant(exercise, &learner);
        let table = rfm::loyalty_table(variant, 750).expect("the engine reads the variant");
        assert_eq!(by_sql.len(), table.len(), "{student}: one row per participant with purchases");
        for i in 0..table.len() {
            let id = table.ids.display(i);
            let engine = (table.recency_days[i], i64::from(table.frequency[i]), table.monetary[i]);
            assert_eq!(by_sql.get(&id), Some(&engine), "{student}: participant {id}");
        }
    }
}
