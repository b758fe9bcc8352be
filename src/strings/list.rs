//! `crm-workbook list`: the course with the learner's status and score per exercise.

use super::course::plural;
use super::verdict::points;
use crate::store::Student;

pub fn student(student: Option<&Student>) -> String {
    match student {
        Some(s) if s.group.trim().is_empty() => format!("Студент: {}", s.name),
        Some(s) => format!("Студент: {}, группа {}", s.name, s.group),
        None => "Студент не задан (задать: crm-workbook --student ИМЯ list)".into(),
    }
}

/// The store already belongs to someone else than `--student` names.
pub fn other_student(stored: &str, given: &str) -> String {
    format!(
        "внимание: база прогресса принадлежит студенту «{stored}», --student «{given}» не применён; \
         для другого студента укажите другой файл в --db"
    )
}

pub fn module_heading(title: &str, id: &str, earned: f64, possible: f64) -> String {
    format!("{title} [{id}] — {} из {} баллов", points(earned), points(possible))
}

pub fn score(earned: f64, possible: f64) -> String {
    format!("{} из {}", points(earned), points(possible))
}

/// «3 попытки»; nothing for none.
pub fn attempts(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    format!("{n} {}", plural(n as usize, "попытка", "попытки", "попыток"))
}

pub fn no_exercises() -> &'static str {
    "упражнений пока нет"
}

pub fn total(earned: f64, possible: f64, passed: usize, exercises: usize) -> String {
    format!(
        "Всего: {} из {} баллов; зачтено {passed} из {exercises} {}",
        points(earned),
        points(possible),
        plural(exercises, "упражнения", "упражнений", "упражнений")
    )
}
