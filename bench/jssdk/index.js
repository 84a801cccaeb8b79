// Comparison target of bench/run.sh (issue 10): the Microsoft 365 Agents SDK for JavaScript answering every message
// with "Echo: <text>" through the SDK's own reply path (TurnContext.sendActivity → ConnectorClient → serviceUrl, here
// the bench's connector stub). One Node process, one thread, as Microsoft's samples run it.
//
// Authentication: anonymous (no clientId), because the SDK cannot be pointed at the bench's local issuers: a token with
// Bot Framework's issuer is checked against keys from the public login.botframework.com, and the outbound token comes
// from MSAL, which asks the public Entra instance discovery about any other authority. The bench measures it that way
// and says so in its report.
'use strict';

const express = require('express');
const { AgentApplication } = require('@microsoft/agents-hosting');
const { createAgentRequestHandler } = require('@microsoft/agents-hosting-express');

const agent = new AgentApplication();
agent.onActivity('message', async (context) => {
  await context.sendActivity(`Echo: ${context.activity.text}`);
});

const app = express();
app.use(express.json());
app.post('/api/messages', createAgentRequestHandler(agent));
app.get('/health/ready', (_req, res) => res.sendStatus(200));

// The bench gives every server a free loopback port; nothing listens beyond this machine.
const port = Number(process.env.PORT ?? 3978);
app.listen(port, '127.0.0.1', () => console.log(`jssdk echo bot listening on 127.0.0.1:${port}`));
