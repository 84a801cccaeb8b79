#!/usr/bin/env node
'use strict';
// Checks an expanded Adaptive Card with Microsoft's own parser (adaptivecards, pinned): parse
// errors, validateProperties(), elements/properties newer than the target version (Teams: 1.5),
// plus unknown properties and unexpanded bindings (see card-walk.js).
//   node tools/checkers/check-card.js CARD.json [--target 1.5]        exit 1 on any problem
//   node tools/checkers/check-card.js --batch [--target 1.5] < [{"name": "...", "card": {...}|"file"}, ...]
//     prints [{"name", "errors": [...], "warnings": [...]}, ...]
const { adaptiveCards, readJson, runBatch, parseArgs } = require('./card-lib');
const { makeWalker } = require('./card-walk');

// Events that only advise; everything else the SDK reports makes the card wrong or unrenderable.
const adviceOnly = ['Hint', 'Deprecated', 'RequiredInputsShouldHaveLabel', 'RequiredInputsShouldHaveErrorMessage', 'Other'];

function checkCard(card, target) {
  const AC = adaptiveCards();
  const targetVersion = AC.Version.parse(target, new AC.SerializationContext());
  const errors = [];
  const warnings = [];
  const report = (event, message) => (adviceOnly.includes(AC.ValidationEvent[event]) ? warnings : errors)
    .push(`${AC.ValidationEvent[event]}: ${message}`);

  if (card === null || typeof card !== 'object' || card.type !== 'AdaptiveCard') {
    return { errors: ['root is not an object with "type": "AdaptiveCard"'], warnings };
  }
  const declared = AC.Version.parse(card.version, new AC.SerializationContext());
  if (!declared || !declared.isValid) errors.push(`invalid card version "${card.version}"`);
  else if (declared.compareTo(targetVersion) > 0) errors.push(`card version ${card.version} is newer than target ${target}`);

  const context = new AC.SerializationContext(targetVersion);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    report(e.event, e.message);
  }
  for (const e of parsed.validateProperties().validationEvents) report(e.event, e.message);
  makeWalker(AC)(card, 'AdaptiveCard', '$', warnings);
  return { errors, warnings };
}

const { positional, flags } = parseArgs(process.argv.slice(2));
const target = typeof flags.target === 'string' ? flags.target : '1.5';

if (flags.batch) {
  runBatch((item) => {
    const card = typeof item.card === 'string' ? readJson(item.card) : item.card;
    return { name: item.name, ...checkCard(card, target) };
  });
} else if (positional.length === 1) {
  let result;
  try {
    result = checkCard(readJson(positional[0]), target);
  } catch (e) {
    result = { errors: [String((e && e.message) || e)], warnings: [] };
  }
  for (const m of result.errors) process.stdout.write(`error: ${m}\n`);
  for (const m of result.warnings) process.stdout.write(`warning: ${m}\n`);
  process.exit(result.errors.length + result.warnings.length > 0 ? 1 : 0);
} else {
  process.stderr.write('usage: check-card.js CARD.json [--target 1.5] | --batch [--target 1.5] < items.json\n');
  process.exit(2);
}
