import { PairEvent } from '@app/links';

/** An independent reading of docs/link-rules.md over global fact sets, written without the domain code. */
export class ReferenceModel {
  readonly contacts = new Set<string>();
  readonly reveals = new Set<string>();
  readonly blocks = new Set<string>();
  /** The name each owner saved for a contact, `owner>peer`; the user's own is shown where none was. */
  readonly names = new Map<string, string>();
  /** Phones imported before they had an account, `owner>phone`, with the name saved. */
  readonly pending = new Map<string, string>();

  visible(viewer: number, subject: number): boolean {
    return viewer === subject || this.contacts.has(`${viewer}>${subject}`) || this.reveals.has(`${subject}>${viewer}`);
  }

  /** Presence (docs/api.md): shown where the phone is, never to someone the subject blocked. */
  statusVisible(viewer: number, subject: number): boolean {
    return this.visible(viewer, subject) && !this.blocks.has(`${subject}>${viewer}`);
  }

  /** The users `owner` blocked. */
  blockedBy(owner: number): number[] {
    return [...this.blocks].filter((key) => key.startsWith(`${owner}>`)).map((key) => Number(key.split('>')[1]));
  }

  /** What a broadcast is to the rule (docs/link-rules.md): one private message per recipient, each on its own. */
  static broadcast(sender: number, recipients: readonly number[]): PairEvent[] {
    return recipients.map((recipient) => ({ type: 'PrivateMessageSent', sender, recipient }));
  }

  /** An import of `phone` under `name`: a Contact if it belongs to `user`, else a pending contact. */
  importPhone(owner: number, phone: string, name: string, user: number | undefined): void {
    if (user === undefined) {
      this.pending.set(`${owner}>${phone}`, name);
      return;
    }
    this.apply({ type: 'ContactImported', owner, contact: user });
    this.names.set(`${owner}>${user}`, name);
  }

  /** `phone` signs up as `user`: its pending contacts become Contacts; returns their owners (who hear updateContactRegistered). */
  register(phone: string, user: number): number[] {
    const owners: number[] = [];
    for (const [key, name] of this.pending) {
      const [owner, pendingPhone] = key.split('>');
      if (pendingPhone !== phone) continue;
      this.pending.delete(key);
      this.importPhone(Number(owner), phone, name, user);
      owners.push(Number(owner));
    }
    return owners;
  }

  apply(event: PairEvent): void {
    switch (event.type) {
      case 'ContactImported':
        this.contacts.add(`${event.owner}>${event.contact}`);
        break;
      case 'ContactDeleted':
        this.contacts.delete(`${event.owner}>${event.contact}`);
        break;
      case 'UserBlocked':
        this.blocks.add(`${event.owner}>${event.target}`);
        break;
      case 'UserUnblocked':
        this.blocks.delete(`${event.owner}>${event.target}`);
        break;
      case 'PrivateMessageSent': {
        const { sender: x, recipient: y } = event;
        if (x === y || this.blocks.has(`${y}>${x}`)) return;
        const revealXY = this.contacts.has(`${x}>${y}`) && !this.visible(y, x);
        const revealYX = this.contacts.has(`${y}>${x}`) && !this.visible(x, y);
        if (revealXY) this.reveals.add(`${x}>${y}`);
        if (revealYX) this.reveals.add(`${y}>${x}`);
        break;
      }
      default: {
        // A pair event this model does not know must fail to compile, not pass unnoticed.
        const unknown: never = event;
        throw new Error(`reference model: unknown event ${JSON.stringify(unknown)}`);
      }
    }
  }
}
