#!/usr/bin/env node
'use strict';
// Expands an Adaptive Card template with Microsoft's adaptivecards-templating: the reference
// output the C# TemplateExpander must equal.
//   node tools/checkers/expand-card.js TEMPLATE.json DATA.json
//   node tools/checkers/expand-card.js --batch < [{"template": {...}|"file", "data": {...}|"file"}, ...]
//     prints [{"result": ...} | {"error": "..."}, ...] in input order.
const { readJson, expandTemplate, runBatch, parseArgs } = require('./card-lib');

const { positional, flags } = parseArgs(process.argv.slice(2));

// JSON.stringify turns undefined (a binding to a missing value) into an absent property or a
// null array item; the C# side mirrors that, so the batch output keeps the same encoding.
function expandItem(item) {
  const template = typeof item.template === 'string' ? readJson(item.template) : item.template;
  const data = typeof item.data === 'string' ? readJson(item.data) : item.data;
  const result = expandTemplate(template, data);
  return { result: result === undefined ? null : result };
}

if (flags.batch) {
  runBatch(expandItem);
} else if (positional.length === 2) {
  try {
    const { result } = expandItem({ template: positional[0], data: positional[1] });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } catch (e) {
    process.stderr.write(`expand-card: ${(e && e.message) || e}\n`);
    process.exit(1);
  }
} else {
  process.stderr.write('usage: expand-card.js TEMPLATE.json DATA.json | --batch < items.json\n');
  process.exit(2);
}
