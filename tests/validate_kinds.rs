//! `crm-workbook validate` on a course whose exercises break the rules of every kind:
//! each rule reported, each at its file, line and column.

use std::process::Command;

#[test]
fn every_kind_rule_is_reported_at_its_line_and_column() {
    let out = Command::new(env!("CARGO_BIN_EXE_crm-workbook"))
        .args(["--course", "tests/fixtures/broken-kinds", "validate"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run crm-workbook");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The lines under each message repeat the source line and a caret; the messages are
    // the lines that start at the margin.
    let messages: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    let dir = "tests/fixtures/broken-kinds/m";
    let expected = [
        format!("{dir}/choice.toml:11:12: id «a» повторяется в options"),
        format!(
            "{dir}/choice.toml:10:12: верных вариантов несколько (первый — «a»), а multiple = false; поставьте multiple = true"
        ),
        format!("{dir}/grid.toml:8:49: id «r1» повторяется в rows"),
        format!("{dir}/grid.toml:9:19: у столбца «c1» нет title: без него таблицу не прочитать"),
        format!("{dir}/grid.toml:13:19: в ключе карточка «9», которой нет в cards"),
        format!("{dir}/grid.toml:13:25: в ключе столбец «c2», которого нет в columns"),
        format!("{dir}/grid.toml:13:37: ключ header допустим только при row_headers = \"cards\""),
        format!("{dir}/grid.toml:14:1: в ключе строка «r2», которой нет в rows"),
        format!(
            "{dir}/grid.toml:14:14: карточка «1» уже стоит в ключе в ячейке r1/c1; при reuse = false каждая карточка \
             занимает одну ячейку (поставьте reuse = true, если карточка нужна в нескольких)"
        ),
        format!("{dir}/numeric.toml:9:13: tolerance должен быть конечным неотрицательным числом"),
        format!("{dir}/numeric.toml:12:5: у параметра «n» step должен быть больше нуля"),
        format!("{dir}/numeric.toml:8:10: формула answer: неизвестный параметр «m»: его нет в params"),
        format!("{dir}/order.toml:8:9: в последовательности должно быть хотя бы два пункта (items)"),
        "1 модуль, 4 упражнения, 13 ошибок".to_string(),
    ];
    assert_eq!(messages, expected);
    assert!(
        stdout.contains(
            "\n 13 | r1 = { c1 = [\"1\", \"9\"], c2 = [\"2\"], header = [\"2\"] }\n    |                   ^\n"
        )
    );
}
