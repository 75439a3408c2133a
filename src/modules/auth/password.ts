import * as argon2 from 'argon2';

/**
 * argon2id hashes (OWASP parameters: 19 MiB, 2 passes). argon2 takes the whole password, however long:
 * no bcrypt-style truncation at 72 bytes.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check when the account does not exist, so timing does not reveal it. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= argon2.hash('not-a-real-password', OPTIONS);
  await verifyPassword(await dummyHash, password);
}
