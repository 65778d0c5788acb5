import type { SessionContext } from '../../context';
import { select, type Predicate } from '../../sql';
import type { EntityClass, PrimaryKeyInput, Session } from '../../session';

/**
 * The ambient session seen from one entity, for those who like repositories: each call uses the
 * session of the scope it runs in (so it joins the caller's `@Transactional()`).
 *
 * @example
 * constructor(@InjectRepository(User) private readonly users: Repository<User>) {}
 * const user = await this.users.get(1);
 */
export class Repository<E extends object> {
  /** A repository of `entity` over the sessions of `context` (`InjectRepository` makes them). */
  constructor(
    /** The mapped class this repository loads and adds. */
    readonly entity: EntityClass<E>,
    private readonly context: SessionContext,
  ) {}

  /** The ambient session. */
  get session(): Session {
    return this.context.session;
  }

  /** The object of this primary key (from the identity map when present), or null. */
  get(id: PrimaryKeyInput): Promise<E | null> {
    return this.session.get(this.entity, id);
  }

  /** Every object matching `where` (all of them without it), in primary-key order of the query. */
  async find(where?: Predicate): Promise<E[]> {
    const query = select(this.entity);
    return this.session.scalars(where === undefined ? query : query.where(where)) as Promise<E[]>;
  }

  /** Adds objects to the session (inserted or updated at the next flush or commit). */
  add(...objects: E[]): void {
    this.session.addAll(objects);
  }

  /** Marks objects for deletion at the next flush. */
  delete(...objects: E[]): void {
    this.session.deleteAll(objects);
  }

  /** Writes pending changes now (for generated keys before the transaction ends). */
  flush(): Promise<void> {
    return this.session.flush();
  }
}
