// npm run token -- office | department:<code> | public   → prints a signed token (JWT_SECRET),
// valid for 8 hours: every token carries `exp` (lib/auth.ts refuses one without).
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { parseRole } from '../lib/roles';

const role = parseRole(process.argv[2] ?? 'office');
if (!role) {
  console.error('Usage: npm run token -- office | department:<code> | public');
  process.exit(2);
}
console.log(await signToken(role, readConfig().jwtSecret, { subject: process.argv[3] }));
