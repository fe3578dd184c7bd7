// A port already taken stops a component with one line naming it and the port, exit code 1.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen, PortInUseError } from '../lib/listen';
import { createServer as createHttpServer } from 'node:http';

let blocker: Server;
let port: number;

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

it('listen() answers a PortInUseError naming the component and port', async () => {
  const error = await listen(createHttpServer(), 'gateway', port, '127.0.0.1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PortInUseError);
  expect((error as Error).message).toMatch(new RegExp(`^gateway: port ${port} on 127\\.0\\.0\\.1 is already in use`));
});

it('npm run component -- gateway on a taken port: one line on stderr, exit code 1', async () => {
  const script = fileURLToPath(new URL('../scripts/component.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, 'gateway'], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !/Warning|--trace-warnings/.test(line));
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^gateway: port ${port} on 127\\.0\\.0\\.1 is already in use`))]);
}, 60_000);
