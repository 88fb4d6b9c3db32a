#!/usr/bin/env node
// Runs the built CLI (npm run build writes dist/node/cli.js; the published package ships it).
import '../dist/node/cli.js';
