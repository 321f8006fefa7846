/** Topic names, overridable per deployment; see README "Configuration". */
export interface TopicNames {
  /** Domain events written by the gateway, keyed by unordered pair (or user/chat). */
  readonly events: string;
  /** LinkChanged outcomes written by the projector, keyed like the message that caused them. */
  readonly linkChanged: string;
  /** Events no consumer could read, with the reason in a header. */
  readonly deadLetter: string;
}

/** A topic by its role; consumers name the one they read with it (`@EventPattern<TopicKey>('events', ...)`). */
export type TopicKey = keyof TopicNames;

export function topicNames(env: NodeJS.ProcessEnv = process.env): TopicNames {
  const prefix = env.TOPIC_PREFIX ?? 'contact-links';
  return {
    events: env.TOPIC_EVENTS ?? `${prefix}.events`,
    linkChanged: env.TOPIC_LINK_CHANGED ?? `${prefix}.link-changed`,
    deadLetter: env.TOPIC_DEAD_LETTER ?? `${prefix}.dead-letter`,
  };
}
