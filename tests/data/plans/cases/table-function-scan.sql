-- Table Function Scan (XMLTABLE).
:explain
SELECT d.id, x.n FROM docs d, XMLTABLE('/items/item' PASSING d.body COLUMNS n integer PATH '@n') AS x WHERE d.id <= 50;
