#!/usr/bin/env node
// The `oneiric` executable, compiled: runs this process's command (the launcher bin/oneiric.js prefers the bundle of it).
import { runOneiricProcess } from './runOneiricProcess.js';

await runOneiricProcess();
