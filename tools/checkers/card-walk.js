'use strict';
// What the official parser does not report: properties it silently ignores (typos such as
// "wrapp"), template bindings left unexpanded, and a few Teams pitfalls. Walks the card JSON and
// asks the SDK's own schema which property names each object type knows.

// Properties that the SDK parses in code rather than through its schema.
const parsedInCode = {
  AdaptiveCard: ['body', 'actions', 'msteams'],
  Container: ['items'],
  Column: ['items', 'width'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  ImageSet: ['images', 'imageSize'],
  RichTextBlock: ['inlines'],
  Table: ['rows'],
  TableRow: ['cells'],
  TableCell: ['items'],
  'Action.ShowCard': ['card'],
  Carousel: ['pages'],
};
const everyElement = ['fallback'];

function schemaNames(instance) {
  const schema = instance.getSchema();
  const names = [];
  for (let i = 0; i < schema.getCount(); i++) names.push(schema.getItemAt(i).name);
  return names;
}

function makeWalker(AC) {
  const cache = new Map();
  function known(kind) {
    if (!cache.has(kind)) {
      const latest = AC.Versions.latest;
      const constructors = {
        AdaptiveCard: AC.AdaptiveCard, Column: AC.Column, Fact: AC.Fact, Choice: AC.Choice,
        BackgroundImage: AC.BackgroundImage, TableRow: AC.TableRow, TableCell: AC.TableCell,
        TableColumnDefinition: AC.TableColumnDefinition, TextRun: AC.TextRun,
      };
      const instance = constructors[kind]
        ? new constructors[kind]()
        : AC.GlobalRegistry.elements.createInstance(kind, latest) ||
          AC.GlobalRegistry.actions.createInstance(kind, latest);
      cache.set(kind, instance ? new Set([...schemaNames(instance), ...(parsedInCode[kind] || []), ...everyElement]) : null);
    }
    return cache.get(kind);
  }

  // kind: what the position implies when the object itself has no "type" (columns, facts, ...).
  function walk(node, kind, path, warnings) {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, kind, `${path}[${i}]`, warnings));
      return;
    }
    if (typeof node === 'string') {
      if (node.includes('${')) warnings.push(`${path}: unexpanded template binding "${node}"`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const type = typeof node.type === 'string' ? node.type : kind;
    const names = type ? known(type) : null;
    if (names) {
      for (const key of Object.keys(node)) {
        if (!names.has(key)) warnings.push(`${path}: unknown property "${key}" on ${type}`);
      }
    }
    teamsPitfalls(node, type, path, warnings);
    for (const [key, value] of Object.entries(node)) {
      // Action data is the bot's own payload and msteams is Teams' extension: not card schema.
      if (key === 'data' || key === 'msteams') continue;
      walk(value, childKind(type, key), `${path}.${key}`, warnings);
    }
  }
  return walk;
}

function childKind(parentType, key) {
  switch (key) {
    case 'card': return 'AdaptiveCard';
    case 'columns': return parentType === 'Table' ? 'TableColumnDefinition' : 'Column';
    case 'facts': return 'Fact';
    case 'choices': return 'Choice';
    case 'backgroundImage': return 'BackgroundImage';
    case 'rows': return 'TableRow';
    case 'cells': return 'TableCell';
    case 'inlines': return 'TextRun';
    default: return undefined;
  }
}

function teamsPitfalls(node, type, path, warnings) {
  if (type === 'TextBlock' && (typeof node.text !== 'string' || node.text.trim() === '')) {
    warnings.push(`${path}: TextBlock without text`);
  }
  if (typeof type === 'string' && type.startsWith('Action.') && !node.title && !node.iconUrl) {
    warnings.push(`${path}: ${type} without title`);
  }
  if (type === 'Action.Execute' && (typeof node.verb !== 'string' || node.verb === '')) {
    warnings.push(`${path}: Action.Execute without verb (the bot routes on it)`);
  }
  if (type === 'Input.ChoiceSet' && (!Array.isArray(node.choices) || node.choices.length === 0)) {
    warnings.push(`${path}: Input.ChoiceSet without choices`);
  }
}

module.exports = { makeWalker };
