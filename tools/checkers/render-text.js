#!/usr/bin/env node
'use strict';
// Renders texts in an Adaptive Card TextBlock with Microsoft's renderer (adaptivecards) in jsdom,
// with markdown on as in the Designer (markdown-it) plus linkify, because some Teams clients turn
// raw URLs and e-mail addresses into links; and reports what a reader would see: the visible
// text, how many links, and which formatting elements appeared. Used to prove that the renderer's
// escape (CardText.Markdown) turns data text into literal text.
//   node tools/checkers/render-text.js "some **text**" ...
//   node tools/checkers/render-text.js --batch < ["text", ...]   prints [{text, links, tags, html}]
const { adaptiveCards, runBatch, parseArgs } = require('./card-lib');

let markdownIt;
function markdown() {
  if (!markdownIt) {
    try {
      markdownIt = require('markdown-it')({ linkify: true });
    } catch {
      throw new Error('markdown-it is not installed in tools/checkers: add "markdown-it": "15.0.3" to ' +
        'tools/checkers/package.json and run npm ci there (without it the renderer shows markdown as plain text, ' +
        'so the escape check would prove nothing)');
    }
  }
  return markdownIt;
}

// Elements a plain paragraph may produce; anything else means the text was formatted.
const plainTags = new Set(['DIV', 'P', 'SPAN', 'BR']);

function renderText(text) {
  const AC = adaptiveCards();
  const md = markdown();
  AC.AdaptiveCard.onProcessMarkdown = (source, result) => {
    result.outputHtml = md.render(source);
    result.didProcess = true;
  };
  const card = new AC.AdaptiveCard();
  card.parse({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] });
  const rendered = card.render();
  const block = rendered.querySelector('.ac-textBlock') || rendered;
  const tags = [...new Set([...block.querySelectorAll('*')].map((e) => e.tagName).filter((t) => !plainTags.has(t)))];
  return { text: block.textContent, links: rendered.querySelectorAll('a').length, tags, html: block.innerHTML };
}

const { positional, flags } = parseArgs(process.argv.slice(2));
if (flags.batch) {
  runBatch(renderText);
} else if (positional.length > 0) {
  for (const text of positional) process.stdout.write(JSON.stringify(renderText(text)) + '\n');
} else {
  process.stderr.write('usage: render-text.js TEXT... | --batch < ["text", ...]\n');
  process.exit(2);
}
