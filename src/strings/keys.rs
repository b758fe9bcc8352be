//! What each key binding does, as the help overlay says it and — for the bindings in the
//! bottom bar — as the bar says it in a word or two (`(help, bar)`). One constant per
//! binding, grouped by keymap; the keymaps themselves are in `tui::keys` and beside each
//! editor.

/// A binding's help line and its word in the bottom bar.
pub type BarLabel = (&'static str, &'static str);

// --- Everywhere --------------------------------------------------------------------
pub const QUIT: BarLabel = ("выйти (всё сохранено)", "выход");
pub const HELP: BarLabel = ("справка по клавишам", "справка");

// --- Lists and texts -----------------------------------------------------------------
pub const PAGE_UP: &str = "страница вверх";
pub const PAGE_DOWN: &str = "страница вниз";
pub const HOME: &str = "в начало";
pub const END: &str = "в конец";
pub const SCROLL_UP: &str = "прокрутить вверх";
pub const SCROLL_DOWN: &str = "прокрутить вниз";
pub const UP: &str = "вверх";
pub const DOWN: &str = "вниз";

// --- The course map ------------------------------------------------------------------
pub const MAP_UP: &str = "предыдущий пункт";
pub const MAP_DOWN: &str = "следующий пункт";
pub const MAP_OPEN: BarLabel = ("открыть упражнение", "открыть");
pub const MAP_SETTINGS: BarLabel = ("изменить имя и группу", "имя и группа");
pub const MAP_SUBMIT: BarLabel = ("сдать работу: записать файл для преподавателя", "сдать");

// --- An exercise, whatever its tab -----------------------------------------------------
pub const CHECK: BarLabel = ("проверить ответ", "проверить");
pub const HINT: BarLabel = ("подсказка", "подсказка");
pub const NEXT_TAB: BarLabel = ("следующая вкладка", "вкладка");
pub const PREV_TAB: &str = "предыдущая вкладка";
pub const TO_MAP: BarLabel = ("к карте курса", "к карте");

// --- The grid editor -----------------------------------------------------------------
pub const CELL_UP: &str = "ячейка выше";
pub const CELL_DOWN: &str = "ячейка ниже";
pub const CELL_LEFT: &str = "ячейка левее";
pub const CELL_RIGHT: &str = "ячейка правее";
pub const GRID_CHOOSE: BarLabel = ("выбрать карточку для ячейки", "карточка");
pub const GRID_DIGIT: BarLabel = ("карточка по номеру", "номер");
pub const GRID_REMOVE: BarLabel = ("убрать карточку из ячейки", "убрать");
pub const CARD_UP: &str = "предыдущая карточка";
pub const CARD_DOWN: &str = "следующая карточка";
pub const CARD_PLACE: BarLabel = ("поставить карточку (повторно — убрать)", "поставить");
pub const CARD_DIGIT: BarLabel = ("номер карточки", "номер");
pub const CARD_ERASE_DIGIT: &str = "стереть цифру номера";
pub const CARDS_CLOSE: BarLabel = ("закрыть список карточек", "закрыть");

// --- Choice and order ----------------------------------------------------------------
pub const CHOICE_TOGGLE: BarLabel = ("отметить / снять отметку", "отметить");
pub const ORDER_MOVE_UP: BarLabel = ("поднять пункт", "выше");
pub const ORDER_MOVE_DOWN: BarLabel = ("опустить пункт", "ниже");
pub const ORDER_GRAB: BarLabel = ("взять / отпустить пункт", "взять/отпустить");

// --- The SQL editor ------------------------------------------------------------------
pub const SQL_RUN: BarLabel = ("выполнить SQL (вся часть, результат последнего запроса)", "выполнить");
pub const SQL_RUN_TO_CURSOR: &str = "выполнить до оператора под курсором (его результат)";
pub const SQL_NEXT_PART: BarLabel = ("следующая часть задания", "часть");
pub const SQL_PREV_PART: &str = "предыдущая часть задания";
pub const SQL_FOCUS: BarLabel = ("к результату / обратно к тексту", "результат");
pub const SQL_SCHEMA: BarLabel = ("таблицы и столбцы", "таблицы");
pub const SQL_UNDO: &str = "отменить правку текста";
pub const SQL_REDO: &str = "вернуть отменённую правку";
pub const SQL_INDENT: &str = "отступ (Tab здесь не переключает вкладки)";
pub const SQL_PREV_TAB: BarLabel = ("предыдущая вкладка (Tab в тексте — отступ)", "вкладка");
pub const SQL_TABLES_UP: &str = "список таблиц выше";
pub const SQL_TABLES_DOWN: &str = "список таблиц ниже";
/// What the keys that edit the SQL text do (they are the text box's, not bindings).
pub const SQL_EDITING: &[(&str, &str)] = &[
    ("←→↑↓, Home, End, PgUp, PgDn", "по тексту"),
    ("Ctrl+←, Ctrl+→", "на слово влево / вправо"),
    ("Shift+стрелки", "выделить текст"),
    ("Backspace, Del", "стереть символ (выделение)"),
    ("Enter", "новая строка"),
];
pub const RESULT_UP: &str = "строки выше";
pub const RESULT_DOWN: &str = "строки ниже";
pub const RESULT_LEFT: &str = "столбцы левее";
pub const RESULT_RIGHT: &str = "столбцы правее";

// --- The RFM editor ------------------------------------------------------------------
pub const RFM_CONSOLE: BarLabel = ("консоль SQL над таблицей rfm / обратно к форме", "SQL");
pub const FIELD_UP: &str = "поле выше";
pub const FIELD_DOWN: &str = "поле ниже";
pub const FIELD_LEFT: &str = "поле левее";
pub const FIELD_RIGHT: &str = "поле правее";
pub const RFM_CHOOSE: BarLabel = ("изменить поле (метод — следующий)", "изменить");
pub const RFM_ADD_RULE: BarLabel = ("добавить правило", "правило");
pub const RFM_REMOVE: BarLabel = ("очистить поле", "очистить");
pub const RFM_REMOVE_RULE: &str = "удалить правило (Ctrl+Z — вернуть)";
pub const RFM_MOVE_UP: &str = "переставить правило выше";
pub const RFM_MOVE_DOWN: &str = "переставить правило ниже";
pub const RFM_UNDO: &str = "отменить последнее изменение формы";
pub const RFM_PAGE_UP: &str = "участники выше";
pub const RFM_PAGE_DOWN: &str = "участники ниже";
pub const FIELD_CONFIRM: BarLabel = ("записать поле", "записать");
pub const FIELD_LEAVE: BarLabel = ("выйти из поля, записав его", "из поля");

// --- The first-start form ------------------------------------------------------------
pub const FORM_NEXT_FIELD: BarLabel = ("другое поле", "другое поле");
pub const FORM_START: BarLabel = ("начать работу", "начать");
pub const FORM_QUIT: BarLabel = ("выйти из программы", "выйти");
pub const FORM_SAVE: BarLabel = ("сохранить имя и группу", "сохранить");
pub const FORM_CANCEL: BarLabel = ("оставить как было", "отменить");

// --- The help overlay ----------------------------------------------------------------
pub const HELP_CLOSE: BarLabel = ("закрыть справку", "закрыть");

// --- The scenario editor -------------------------------------------------------------
pub const SCENARIO_RUN: BarLabel = ("запустить сценарий на ваших данных (в фоне)", "запуск");
pub const SCENARIO_RESULTS: BarLabel = ("результаты запуска / обратно к тексту", "результаты");
pub const SCENARIO_ADD_STEP: BarLabel = ("новый шаг после шага под курсором", "шаг");
pub const SCENARIO_REMOVE_STEP: &str = "удалить шаг под курсором (Ctrl+Z — вернуть)";
pub const SCENARIO_STEP_UP: &str = "переставить шаг под курсором выше";
pub const SCENARIO_STEP_DOWN: &str = "переставить шаг под курсором ниже";
pub const SCENARIO_FORM: BarLabel = ("форма шага (брифа, триггера, входа, выхода) под курсором", "форма");
pub const SCENARIO_FORM_CHOOSE: BarLabel = ("изменить поле (у выбора — следующее значение)", "изменить");
pub const SCENARIO_FORM_CLEAR: &str = "убрать поле из текста сценария";
pub const SCENARIO_FORM_CLOSE: BarLabel = ("закрыть форму — к тексту, курсор на шаге", "к тексту");
pub const SCENARIO_FORM_UNDO: &str = "отменить последнюю правку (текста и формы)";
pub const SCENARIO_PATH_PREV: &str = "путь предыдущего клиента";
pub const SCENARIO_PATH_NEXT: &str = "путь следующего клиента";

// free-text tables and forms
pub const FREETEXT_EDIT: BarLabel = ("набрать текст в ячейке (в ячейке выбора — следующий вариант)", "изменить");
pub const FREETEXT_CLEAR: BarLabel = ("очистить ячейку; пустую добавленную строку — удалить", "очистить");
pub const FREETEXT_ADD_ROW: BarLabel = ("добавить строку (где строки добавляет студент)", "строка");
pub const FREETEXT_DONE: BarLabel = ("закончить ввод (набранное уже сохранено)", "готово");
pub const FREETEXT_NEXT_CELL: BarLabel = ("следующая ячейка", "след. ячейка");
pub const FREETEXT_PREV_CELL: &str = "предыдущая ячейка";
pub const FREETEXT_EDITING: &[(&str, &str)] =
    &[("стрелки, Home, End", "курсор в тексте"), ("Enter", "новая строка"), ("Backspace, Delete", "стереть символ")];

// --- The grader's gradebook (`crm-workbook grade`; not for learners) -------------------
pub const GRADE_SWITCH: BarLabel = ("журнал / очередь проверки", "журнал/очередь");
pub const GRADE_BACK: BarLabel = ("назад", "назад");
pub const GRADE_LIST_OPEN: BarLabel = ("открыть группу / проверить ответ", "открыть");
pub const GRADE_MATRIX_OPEN: BarLabel = ("ответ студента с замечаниями", "открыть");
pub const GRADE_MATRIX_LEFT: &str = "упражнение левее";
pub const GRADE_MATRIX_RIGHT: &str = "упражнение правее";
pub const GRADE_ANSWER_REVIEW: BarLabel = ("проверить этот ответ (баллы и комментарий)", "проверить");
pub const GRADE_REVIEW_NEXT_FIELD: BarLabel = ("другое поле", "поле");
pub const GRADE_REVIEW_SAVE: BarLabel = ("сохранить проверку и перейти к следующей", "сохранить");
pub const GRADE_REVIEW_ERASE: &str = "стереть символ";
pub const GRADE_REVIEW_CANCEL: BarLabel = ("отменить проверку", "отмена");
