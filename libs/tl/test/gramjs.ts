/**
 * Test-only bridge to GramJS (the `telegram` package), an independent TL implementation.
 *
 * GramJS builds its `Api` classes at load time from the schema text in `telegram/tl/apiTl.js`.
 * We load a private copy of `telegram/tl/api` with that text replaced by OUR schema lines
 * (verbatim, published ids included), so GramJS's own parser (`parseTl`/`fromLine`), class
 * factory and `getBytes()` serialise our objects. Nothing here uses our schema parser or codec.
 *
 * GramJS only serialises whole constructors, so to get its bytes for a bare value of any type
 * (a top-level Bool or Vector<User>) we add one wrapper constructor per type to ITS copy of the
 * schema (`gramjsWrap0#7e570000 value:Vector<User> = GramjsWrap;`) and strip the wrapper's id.
 */
import { crc32 as gramCrc32 } from 'telegram/Helpers';
import { fromLine, parseTl, snakeToCamelCase, variableSnakeToCamelCase } from 'telegram/tl/generationHelpers';
import { FUNCTION_LINES } from '../src/function-lines';
import { SCHEMA_LINES } from '../src/schema-lines';

interface GramArg {
  type: string;
  isVector: boolean;
}
interface GramDefinition {
  name: string;
  namespace: string | undefined;
  constructorId: number;
  argsConfig: Record<string, GramArg>;
}
type GramInstance = { getBytes(): Buffer; className: string };
type GramClass = new (args: Record<string, unknown>) => GramInstance;
/** What GramJS's reader returns: an object, a Bool, or a Vector of them. */
export type GramValue = GramInstance | boolean | GramValue[];
type GramReaderClass = new (data: Buffer) => { tgReadObject(): GramValue; tellPosition(): number };

/**
 * Jest injects `jest` into every module it loads; declared here (not taken from @types/jest) so
 * that this helper also type-checks under tsconfig.build.json, which includes libs/** sources.
 */
declare const jest: {
  isolateModules(run: () => void): void;
  doMock(moduleName: string, factory: () => unknown): void;
};

const GRAM_PRIMITIVES = new Set(['int', 'long', 'int128', 'int256', 'double', 'string', 'bytes', 'Bool', 'true', 'date']);
const WRAP_ID_BASE = 0x7e570000;

export class GramJs {
  private readonly definitions = new Map<string, GramDefinition>();
  private readonly classes: Record<string, unknown>;
  private readonly Reader: GramReaderClass;
  private readonly wrapperByType = new Map<string, string>();

  /**
   * `wrappedTypes`: the TL types `encodeAs` must support, e.g. `Bool`, `Vector<User>`.
   * `schemaLines`: what GramJS is built from; tests may pass altered lines to prove sensitivity.
   * `functionLines`: the functions (after `---functions---`), for encoding requests.
   */
  constructor(
    wrappedTypes: readonly string[],
    schemaLines: readonly string[] = SCHEMA_LINES,
    functionLines: readonly string[] = FUNCTION_LINES,
  ) {
    const wrapperLines = wrappedTypes.map((type, index) => {
      const predicate = `gramjsWrap${index}`;
      this.wrapperByType.set(type, predicate);
      return `${predicate}#${(WRAP_ID_BASE + index).toString(16)} value:${type} = GramjsWrap;`;
    });
    const schemaText = [...schemaLines, ...wrapperLines, '---functions---', ...functionLines].join('\n');
    for (const definition of parseTl(schemaText, '0') as Iterable<GramDefinition>) {
      this.definitions.set(qualifiedName(definition.namespace, definition.name), definition);
    }
    ({ api: this.classes, Reader: this.Reader } = loadApiBuiltFrom(schemaText));
  }

  /** GramJS's reading of a boxed value (object, Bool or Vector), which must take every byte. */
  decode(bytes: Uint8Array): GramValue {
    const reader = new this.Reader(Buffer.from(bytes));
    const value = reader.tgReadObject();
    if (reader.tellPosition() !== bytes.length) throw new Error(`GramJS read ${reader.tellPosition()} of ${bytes.length} bytes`);
    return value;
  }

  /** The bytes GramJS writes for a value it decoded: equal to the input when both sides agree on every field. */
  static encodeDecoded(value: GramValue): Buffer {
    if (typeof value === 'boolean') return Buffer.from(value ? 'b5757299' : '379779bc', 'hex');
    if (!Array.isArray(value)) return value.getBytes();
    const header = Buffer.alloc(8);
    header.writeUInt32LE(0x1cb5c415, 0);
    header.writeInt32LE(value.length, 4);
    return Buffer.concat([header, ...value.map((element) => GramJs.encodeDecoded(element))]);
  }

  /** GramJS bytes of a boxed constructor given in our JSON form. */
  encodeObject(value: unknown): Buffer {
    return this.instantiate(value).getBytes();
  }

  /** GramJS bytes of a value of TL type `type` (as it writes such a field inside a constructor). */
  encodeAs(type: string, value: unknown): Buffer {
    const wrapper = this.wrapperByType.get(type);
    if (!wrapper) throw new Error(`no GramJS wrapper for ${type}`);
    return this.instantiate({ _: wrapper, value }).getBytes().subarray(4);
  }

  /** The id GramJS derives for a line written without `#id`. */
  static derivedId(lineWithoutId: string): number {
    return (fromLine(lineWithoutId, false) as GramDefinition).constructorId;
  }

  static crc32(text: string): number {
    return gramCrc32(Buffer.from(text, 'utf8'));
  }

  private instantiate(value: unknown): GramInstance {
    const object = value as Record<string, unknown>;
    const predicate = String(object._);
    // GramJS's own naming: `contacts.foreignLinkRequested` -> Api.contacts.ForeignLinkRequested.
    const [namespace, rawName] = predicate.includes('.') ? predicate.split(/\.(.+)/) : [undefined, predicate];
    const name = snakeToCamelCase(rawName!);
    const scope = (namespace ? this.classes[namespace] : this.classes) as Record<string, GramClass> | undefined;
    const Class = scope?.[name];
    const definition = this.definitions.get(qualifiedName(namespace, name));
    if (!definition || !Class) throw new Error(`GramJS has no class for ${predicate}`);
    const args: Record<string, unknown> = {};
    for (const [field, fieldValue] of Object.entries(object)) {
      if (field === '_') continue;
      const argName = variableSnakeToCamelCase(field);
      const arg = definition.argsConfig[argName];
      if (!arg) throw new Error(`GramJS ${predicate} has no argument ${argName}`);
      args[argName] = this.convert(arg, fieldValue);
    }
    return new Class(args);
  }

  private convert(arg: GramArg, value: unknown): unknown {
    if (arg.isVector) return (value as unknown[]).map((element) => this.convert({ ...arg, isVector: false }, element));
    // Primitives pass as they are: GramJS takes a long as a decimal string, a Bool as a boolean.
    return GRAM_PRIMITIVES.has(arg.type) ? value : this.instantiate(value);
  }
}

function qualifiedName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}

/** A private `telegram/tl/api` whose schema text is `schemaText` (the MTProto part emptied), and a reader that knows only it. */
function loadApiBuiltFrom(schemaText: string): { api: Record<string, unknown>; Reader: GramReaderClass } {
  let loaded: { api: Record<string, unknown>; Reader: GramReaderClass } | undefined;
  jest.isolateModules(() => {
    jest.doMock(require.resolve('telegram/tl/apiTl.js'), () => schemaText);
    jest.doMock(require.resolve('telegram/tl/schemaTl.js'), () => '');
    // The reader's imports would otherwise pull in the client, whose patches expect the real schema.
    jest.doMock(require.resolve('telegram/tl/patched'), () => ({ patchAll: () => undefined }));
    jest.doMock(require.resolve('telegram/tl/core'), () => ({ coreObjects: new Map() }));
    // Loaded inside the isolated registry, after the mocks: an import would load them once, unmocked.
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = {
      api: (require('telegram/tl/api') as { Api: Record<string, unknown> }).Api,
      Reader: (require('telegram/extensions/BinaryReader') as { BinaryReader: GramReaderClass }).BinaryReader,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  if (!loaded) throw new Error('GramJS api did not load');
  return loaded;
}
