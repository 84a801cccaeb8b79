'use strict';
// Shared by expand-card.js, check-card.js and render-text.js: Microsoft's own Adaptive Cards
// packages (pinned in package.json) are the reference our C# card code is tested against.
const fs = require('fs');

let acModule;
// adaptivecards' lib/ is ESM with extension-less imports that node cannot load, so use the UMD
// bundle; it needs a DOM at load and render time, which jsdom provides once per process.
function adaptiveCards() {
  if (!acModule) {
    const { JSDOM } = require('jsdom');
    const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
    global.window = dom.window;
    global.document = dom.window.document;
    global.HTMLElement = dom.window.HTMLElement;
    acModule = require('adaptivecards/dist/adaptivecards.js');
  }
  return acModule;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
}

function expandTemplate(template, data) {
  const { Template } = require('adaptivecards-templating');
  return new Template(template).expand({ $root: data });
}

// Batch mode: the C# tests start node once for all cards, because node starts slowly here.
function runBatch(handle) {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = input.map((item) => {
    try {
      return handle(item);
    } catch (e) {
      return { error: String((e && e.message) || e) };
    }
  });
  process.stdout.write(JSON.stringify(results));
}

function parseArgs(argv) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const name = argv[i].slice(2);
      const next = argv[i + 1];
      flags[name] = next !== undefined && !next.startsWith('--') ? argv[++i] : true;
    } else {
      positional.push(argv[i]);
    }
  }
  return { positional, flags };
}

module.exports = { adaptiveCards, readJson, expandTemplate, runBatch, parseArgs };
