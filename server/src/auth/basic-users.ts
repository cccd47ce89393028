import type { CurrentUser, Role } from '@epoch/shared';
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicUser {
  username: string;
  password: string;
  role: Role;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Epoch's config-file users (`admin` read-write, `guest` read-only), checked in constant time. */
export class BasicUsers {
  private readonly users: Map<string, { password: Buffer; role: Role }>;

  constructor(users: BasicUser[]) {
    this.users = new Map(
      users.map((user) => [user.username, { password: digest(user.password), role: user.role }]),
    );
  }

  get isEmpty(): boolean {
    return this.users.size === 0;
  }

  /** The user, or null for an unknown name or a wrong password (the same work either way). */
  verify(username: string, password: string): Pick<CurrentUser, 'name' | 'role'> | null {
    const user = this.users.get(username);
    const matches = timingSafeEqual(digest(password), user?.password ?? digest(`${password}\0`));
    return user && matches ? { name: username, role: user.role } : null;
  }
}
