#!/usr/bin/env node
// Checks activities the bot sends against the official activity model of the Microsoft 365 Agents SDK
// (@microsoft/agents-activity, pinned): its zod schema `activityZodSchema` and `Activity.fromObject`, the SDK's
// own deserializer. Many activities per run, because starting node is the slow part.
//
//   node validate-activity.js [--json] [FILE.json ... | -]     (no file, or "-": read stdin)
//
// Input: each file (or stdin) holds one activity object or a JSON array of them.
// Errors (exit 1):
//   - anything the SDK schema rejects: null where a string/object belongs (the SDK models absent values as
//     missing, never null), empty strings where an id or name must be non-empty, wrong types, a missing
//     "type", attachments without "contentType", conversation without "id", card actions without "title", ...
//   - Activity.fromObject throwing;
//   - an attachment with neither "content" nor "contentUrl"; a timestamp that is not a date/time;
//   - an Adaptive Card attachment whose content is not a card object ({"type":"AdaptiveCard",...}), e.g. a card
//     serialized into a string.
// Warnings:
//   - properties the model does not know, at the top level and inside from/recipient/conversation/attachments/
//     suggestedActions/relatesTo (with "did you mean" for near misses such as "replyToID"); channelData,
//     entities, value and attachment content are free-form and not checked;
//   - values outside the SDK's known lists where the SDK tolerates any string (type, textFormat,
//     attachmentLayout, inputHint, importance, deliveryMode, action types, roles);
//   - an Adaptive Card without "version";
//   - a message with text and attachments together (Teams splits them; send them separately, see
//     TEAMS-PROTOCOL.md), and a message with nothing to show.
// --json prints [{index, source, errors:[{path,message}], warnings:[{path,message}]}] instead of text.
// Exit codes: 0 no errors, 1 errors, 2 usage or unreadable input.
'use strict';

const fs = require('node:fs');
const { Activity, activityZodSchema } = require('@microsoft/agents-activity');

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
// Free-form values: the SDK does not constrain what is inside.
const FREE_FORM = new Set(['channelData', 'entities', 'value', 'content', 'properties']);
// Unions of a known list and "any string" where an unknown value is legitimately common.
const OPEN_LISTS = new Set(['name', 'code']);

// ---------- zod schema introspection (zod 3, as pinned by the SDK) ----------

function kind(schema) {
  return schema && schema._def ? schema._def.typeName : undefined;
}

function unwrap(schema) {
  let s = schema;
  for (;;) {
    const k = kind(s);
    if (k === 'ZodOptional' || k === 'ZodNullable' || k === 'ZodDefault') s = s._def.innerType;
    else if (k === 'ZodEffects') s = s._def.schema;
    else return s;
  }
}

function objectShape(schema) {
  const s = unwrap(schema);
  return kind(s) === 'ZodObject' ? s.shape : undefined;
}

function isPassthrough(schema) {
  const s = unwrap(schema);
  return kind(s) === 'ZodObject' && s._def.unknownKeys === 'passthrough';
}

function knownValues(schema) {
  const s = unwrap(schema);
  if (kind(s) !== 'ZodUnion') return undefined;
  const en = s._def.options.map(unwrap).find((o) => kind(o) === 'ZodEnum');
  return en ? en._def.values : undefined;
}

// ---------- messages ----------

function showPath(path) {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(activity)';
}

function describeIssue(issue, value) {
  const got = issue.received;
  if (issue.code === 'invalid_union') {
    const leaves = issue.unionErrors.flatMap((e) => e.issues);
    if (value === null) return 'is null; omit the property instead of sending null';
    if (value === undefined) return 'is required but missing';
    if (leaves.some((l) => l.code === 'too_small')) return 'must not be empty';
    return `has an invalid value ${JSON.stringify(value)}`;
  }
  if (issue.code === 'invalid_type') {
    if (got === 'null') return `is null where ${article(issue.expected)} belongs; omit the property instead`;
    if (got === 'undefined') return `is required but missing (expected ${article(issue.expected)})`;
    return `is ${article(got)} where ${article(issue.expected)} belongs`;
  }
  if (issue.code === 'too_small' && issue.type === 'string') return 'must not be an empty string';
  if (issue.code === 'too_small' && issue.type === 'array') return `needs at least ${issue.minimum} item(s)`;
  if (issue.code === 'invalid_date') return 'is not a valid date/time';
  return issue.message;
}

function article(t) {
  const s = String(t);
  return /^[aeiou]/i.test(s) ? `an ${s}` : `a ${s}`;
}

function valueAt(root, path) {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[p];
  }
  return v;
}

function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestion(key, known) {
  let best;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(key, k);
    if (dd < bestD) {
      best = k;
      bestD = dd;
    }
  }
  return bestD <= Math.max(1, Math.min(2, Math.floor(key.length / 4))) ? best : undefined;
}

// ---------- checks ----------

// Walks the value alongside the SDK schema: unknown keys, and values outside the SDK's known lists.
function walk(value, schema, path, warnings) {
  const inner = unwrap(schema);
  const k = kind(inner);
  if (k === 'ZodArray') {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, inner._def.type, [...path, i], warnings));
    return;
  }
  if (k === 'ZodUnion') {
    const known = knownValues(inner);
    const last = path[path.length - 1];
    if (known && typeof value === 'string' && value !== '' && !known.includes(value) && !OPEN_LISTS.has(last)) {
      warnings.push({ path: showPath(path), message: `"${value}" is not one of the values the SDK knows (${known.join(', ')})` });
    }
    return;
  }
  const shape = objectShape(inner);
  if (!shape || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const known = Object.keys(shape);
  for (const [key, v] of Object.entries(value)) {
    if (!(key in shape)) {
      if (isPassthrough(inner)) continue;
      const near = suggestion(key, known);
      warnings.push({
        path: showPath([...path, key]),
        message: `unknown property${near ? `; did you mean "${near}"?` : ' (not part of the activity model)'}`,
      });
      continue;
    }
    if (FREE_FORM.has(key)) continue;
    walk(v, shape[key], [...path, key], warnings);
  }
}

function teamsRules(a, errors, warnings) {
  // The SDK turns date strings into Date objects without checking them.
  for (const key of ['timestamp', 'localTimestamp', 'expiration']) {
    if (typeof a[key] === 'string' && a[key] !== '' && Number.isNaN(Date.parse(a[key]))) {
      errors.push({ path: key, message: `"${a[key]}" is not an ISO 8601 date/time` });
    }
  }
  const attachments = Array.isArray(a.attachments) ? a.attachments : [];
  attachments.forEach((att, i) => {
    if (att === null || typeof att !== 'object') return;
    const at = (p) => showPath(['attachments', i, ...p]);
    if (att.content === undefined && att.contentUrl === undefined) {
      errors.push({ path: at([]), message: 'has neither "content" nor "contentUrl"' });
    }
    if (att.contentType === ADAPTIVE_CARD && att.content !== undefined) {
      const c = att.content;
      if (typeof c === 'string') {
        errors.push({ path: at(['content']), message: 'is a string; send the Adaptive Card as a JSON object, not serialized text' });
      } else if (c === null || typeof c !== 'object' || Array.isArray(c) || c.type !== 'AdaptiveCard') {
        errors.push({ path: at(['content']), message: 'is not an Adaptive Card (expected an object with "type": "AdaptiveCard")' });
      } else if (typeof c.version !== 'string') {
        warnings.push({ path: at(['content', 'version']), message: 'is missing; Teams needs the card version (1.5 at most for bots)' });
      }
    }
  });
  if (a.type === 'message') {
    const hasText = typeof a.text === 'string' && a.text.trim() !== '';
    if (hasText && attachments.length > 0) {
      warnings.push({ path: '(activity)', message: 'has text and attachments; send text and the card as separate activities (Teams splits them)' });
    }
    if (!hasText && attachments.length === 0 && a.suggestedActions === undefined && a.value === undefined) {
      warnings.push({ path: '(activity)', message: 'is a message with nothing to show (no text, attachments or suggested actions)' });
    }
  }
}

function check(a) {
  const errors = [];
  const warnings = [];
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    errors.push({ path: '(activity)', message: `is ${a === null ? 'null' : Array.isArray(a) ? 'an array' : typeof a}, not an activity object` });
    return { errors, warnings };
  }
  const parsed = activityZodSchema.safeParse(a);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ path: showPath(issue.path), message: describeIssue(issue, valueAt(a, issue.path)) });
    }
  } else {
    try {
      Activity.fromObject(a);
    } catch (e) {
      errors.push({ path: '(activity)', message: `Activity.fromObject rejects it: ${e.message}` });
    }
  }
  walk(a, activityZodSchema, [], warnings);
  teamsRules(a, errors, warnings);
  return { errors: dedupe(errors), warnings: dedupe(warnings) };
}

function dedupe(list) {
  const seen = new Set();
  return list.filter((x) => {
    const key = `${x.path}\u0000${x.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------- input and output ----------

function readSource(name) {
  const text = name === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(name, 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  if (args.includes('--help') || args.includes('-h')) {
    console.error('usage: node validate-activity.js [--json] [FILE.json ... | -]   (a file holds one activity or an array)');
    return 2;
  }
  const sources = args.filter((x) => x !== '--json');
  if (sources.length === 0) sources.push('-');

  const results = [];
  for (const src of sources) {
    let doc;
    const label = src === '-' ? 'stdin' : src;
    try {
      doc = readSource(src);
    } catch (e) {
      console.error(`${label}: cannot read JSON: ${e.message}`);
      return 2;
    }
    const items = Array.isArray(doc) ? doc : [doc];
    items.forEach((a, i) => {
      const r = check(a);
      results.push({ index: results.length, source: Array.isArray(doc) ? `${label}[${i}]` : label, ...r });
    });
  }

  const errorCount = results.reduce((n, r) => n + r.errors.length, 0);
  const warningCount = results.reduce((n, r) => n + r.warnings.length, 0);
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      const status = r.errors.length + r.warnings.length === 0 ? 'ok' : `${r.errors.length} error(s), ${r.warnings.length} warning(s)`;
      console.log(`activity #${r.index} (${r.source}): ${status}`);
      for (const e of r.errors) console.log(`  error   ${e.path}: ${e.message}`);
      for (const w of r.warnings) console.log(`  warning ${w.path}: ${w.message}`);
    }
    console.log(`${results.length} activities: ${errorCount} error(s), ${warningCount} warning(s)`);
  }
  return errorCount > 0 ? 1 : 0;
}

process.exitCode = main();
