import { GramJs } from '../test/gramjs';
import { SCHEMA_LINES } from './schema-lines';
import { constructorsOf, deriveId, hexId, normaliseLine, parseLine, TL_SCHEMA } from './schema';
import { parseTypeExpr } from './type-expr';

describe('schema ids', () => {
  it.each(TL_SCHEMA.map((c) => [c.predicate, c] as const))('%s: derived id equals the published #id', (_, combinator) => {
    expect(combinator.writtenId).toBeDefined();
    expect(hexId(combinator.id)).toBe(hexId(combinator.writtenId!));
  });

  it('derives the link constructors named in the spec', () => {
    const id = (predicate: string) => TL_SCHEMA.find((c) => c.predicate === predicate)?.id;
    expect(id('contacts.foreignLinkRequested')).toBe(0xa7801f47);
    expect(id('contacts.myLinkEmpty')).toBe(0xd22a1c60);
    expect(id('contacts.foreignLinkUnknown')).toBe(0x133421f8);
  });

  it('ignores the written #id entirely: a wrong claim does not change the derived id', () => {
    const line = 'contacts.foreignLinkRequested#00000000 has_phone:Bool = contacts.ForeignLink;';
    expect(parseLine(line).id).toBe(0xa7801f47);
    expect(parseLine(line).writtenId).toBe(0);
  });

  it('agrees with GramJS crc32 of every normalised line', () => {
    for (const combinator of TL_SCHEMA) expect(GramJs.crc32(normaliseLine(combinator.line))).toBe(combinator.id);
  });

  // GramJS derives ids itself only for lines without `#id`, and builds that string before it
  // has collected the fields, so its derivation is only right for field-less constructors.
  it('agrees with the id GramJS derives for field-less lines written without #id', () => {
    const fieldLess = TL_SCHEMA.filter((c) => c.params.length === 0 && c.predicate !== 'vector');
    expect(fieldLess.length).toBeGreaterThan(10);
    for (const combinator of fieldLess) {
      expect(GramJs.derivedId(combinator.line.replace(/#[0-9a-f]+/, ''))).toBe(combinator.id);
    }
  });
});

describe('normaliseLine', () => {
  it('drops the id and the semicolon and spaces out angle brackets', () => {
    expect(normaliseLine('contacts.contacts#6f8b8cb2 contacts:Vector<Contact> users:Vector<User> = contacts.Contacts;')).toBe(
      'contacts.contacts contacts:Vector Contact users:Vector User = contacts.Contacts',
    );
  });

  // Published lines outside our schema that pin the rarer rules to Telegram's real ids.
  it.each([
    ['generic declaration keeps t:Type without braces', 'vector#1cb5c415 {t:Type} # [ t ] = Vector t;', 0x1cb5c415],
    ['generic declaration on a function', 'invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;', 0xda9b0d0d],
    ['bytes hashes as string', 'auth.exportedAuthorization#df969c2d id:int bytes:bytes = auth.ExportedAuthorization;', 0xdf969c2d],
    [
      'flags.N?true fields are dropped, other conditional fields kept',
      'updateShortSentMessage#9015e101 flags:# out:flags.1?true id:int pts:int pts_count:int date:int media:flags.9?MessageMedia entities:flags.7?Vector<MessageEntity> ttl_period:flags.25?int = Updates;',
      0x9015e101,
    ],
  ])('%s', (_, line, id) => {
    expect(hexId(deriveId(line))).toBe(hexId(id));
  });
});

describe('parseLine', () => {
  it('splits predicate, fields and result type', () => {
    expect(
      parseLine('contacts.link#eccea3f5 my_link:contacts.MyLink foreign_link:contacts.ForeignLink user:User = contacts.Link;'),
    ).toEqual({
      predicate: 'contacts.link',
      params: [
        { name: 'my_link', type: 'contacts.MyLink' },
        { name: 'foreign_link', type: 'contacts.ForeignLink' },
        { name: 'user', type: 'User' },
      ],
      resultType: 'contacts.Link',
      id: 0xeccea3f5,
      writtenId: 0xeccea3f5,
      line: 'contacts.link#eccea3f5 my_link:contacts.MyLink foreign_link:contacts.ForeignLink user:User = contacts.Link;',
    });
  });

  it('refuses shapes this layer 1-3 codec cannot encode', () => {
    expect(() => parseLine('user#1 flags:# self:flags.10?true id:long = User;')).toThrow(/unsupported field/);
    expect(() => parseLine('not a line')).toThrow(/not a TL combinator line/);
  });
});

describe('schema contents', () => {
  it('has one line per constructor the API uses', () => {
    expect(SCHEMA_LINES).toHaveLength(TL_SCHEMA.length);
    expect(new Set(TL_SCHEMA.map((c) => c.predicate)).size).toBe(TL_SCHEMA.length);
    expect(TL_SCHEMA.length).toBe(74);
  });

  // EncryptedMessage is part of updates.difference's published shape, but this server has no
  // secret chats: its vector is always empty, so it needs no constructor.
  it('every field type is a primitive, a vector, or a type with constructors', () => {
    const withoutConstructors = new Set<string>();
    const visit = (type: string): void => {
      const expr = parseTypeExpr(type);
      if (expr.kind === 'vector') {
        const element = type.slice(type.indexOf('<') + 1, -1);
        const elementExpr = parseTypeExpr(element);
        if (elementExpr.kind === 'object' && constructorsOf(elementExpr.type).length === 0) withoutConstructors.add(element);
        else visit(element);
      } else if (expr.kind === 'object') {
        expect(constructorsOf(expr.type).length).toBeGreaterThan(0);
      }
    };
    for (const combinator of TL_SCHEMA) for (const param of combinator.params) visit(param.type);
    expect([...withoutConstructors]).toEqual(['EncryptedMessage']);
  });
});
