import {
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SessionContext } from '../../context';
import { createEngine, type Engine, type EngineOptions } from '../../drivers';
import { ConfigurationError } from '../../errors';
import type { EntityClass, SessionOptions } from '../../session';
import { ambientSession } from './ambient-session';
import { SessionScopeInterceptor } from './context-interceptor';
import { registerContext, unregisterContext } from './contexts';
import { AthanorHealthIndicator } from './health';
import { Repository } from './repository';
import {
  DEFAULT_ENGINE_NAME,
  getContextToken,
  getEngineToken,
  getOptionsToken,
  getRepositoryToken,
  getSessionToken,
} from './tokens';

/** The configuration of one engine. */
export interface AthanorModuleOptions {
  /** A database URL (`postgresql://…`, `sqlite:///app.db`), or… */
  readonly url?: string;
  /** …an engine made elsewhere (then the application disposes it, not the module). */
  readonly engine?: Engine;
  /** Options of the engine made from `url` (ignored with `engine`). */
  readonly engineOptions?: EngineOptions;
  /** Options of every session (`expireOnCommit`, `autoflush`, …). */
  readonly session?: SessionOptions;
  /** Strict mode of the session context (see `SessionContextOptions.strict`). */
  readonly strict?: boolean;
  /** On shutdown, how long scopes in flight may take before they are rolled back. Default 10000. */
  readonly shutdownGraceMillis?: number;
  /**
   * Open a session scope around every handler (HTTP, gateways, microservices) with a global
   * interceptor. Default true.
   */
  readonly scopeHandlers?: boolean;
}

/** `AthanorModule.forRootAsync()`: the configuration comes from a factory (e.g. ConfigService). */
export interface AthanorModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** The engine's name, when the application has several. Default `default`. */
  readonly name?: string;
  /** What Nest injects into `useFactory`, in order. */
  readonly inject?: InjectionToken[];
  /** Makes the module's options from the injected providers. */
  readonly useFactory: (...args: never[]) => AthanorModuleOptions | Promise<AthanorModuleOptions>;
}

/** What the module keeps per engine: closes it on shutdown. @internal */
class EngineLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly name: string,
    private readonly context: SessionContext,
    private readonly options: AthanorModuleOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.context.shutdown({ graceMillis: this.options.shutdownGraceMillis ?? 10_000 });
    unregisterContext(this.name, this.context);
    if (this.options.engine === undefined) await this.context.engine.dispose();
  }
}

/**
 * Athanor in a Nest application: an engine (or several, by name), its ambient session behind
 * DEFAULT-scoped providers (`@InjectSession()`, repositories — no request-scoped provider
 * anywhere), `@Transactional()`, a health indicator, and a graceful shutdown.
 *
 * @example
 * @Module({ imports: [AthanorModule.forRoot({ url: 'sqlite:///app.db' }), AthanorModule.forFeature([User])] })
 * export class AppModule {}
 */
@Module({})
export class AthanorModule {
  /** One engine, configured in place (`name` tells engines apart; default `default`). */
  static forRoot(options: AthanorModuleOptions & { readonly name?: string }): DynamicModule {
    const name = options.name ?? DEFAULT_ENGINE_NAME;
    return this.build(name, { provide: getOptionsToken(name), useFactory: () => options }, []);
  }

  /** One engine, configured by a factory that may inject (ConfigService …). */
  static forRootAsync(options: AthanorModuleAsyncOptions): DynamicModule {
    const name = options.name ?? DEFAULT_ENGINE_NAME;
    return this.build(
      name,
      {
        provide: getOptionsToken(name),
        useFactory: options.useFactory as (...args: unknown[]) => AthanorModuleOptions,
        inject: options.inject ?? [],
      },
      options.imports ?? [],
    );
  }

  /** Repositories of these entities on an engine, injected with `@InjectRepository(Entity)`. */
  static forFeature(
    entities: readonly EntityClass<object>[],
    name: string = DEFAULT_ENGINE_NAME,
  ): DynamicModule {
    const providers: Provider[] = entities.map((entity) => ({
      provide: getRepositoryToken(entity, name),
      useFactory: (context: SessionContext) => new Repository(entity, context),
      inject: [getContextToken(name)],
    }));
    return { module: AthanorModule, providers, exports: providers };
  }

  private static build(
    name: string,
    optionsProvider: FactoryProvider,
    imports: ModuleMetadata['imports'],
  ): DynamicModule {
    const contextToken = getContextToken(name);
    const providers: Provider[] = [
      optionsProvider,
      {
        provide: contextToken,
        useFactory: (options: AthanorModuleOptions) => {
          const engine =
            options.engine ??
            (options.url !== undefined ? createEngine(options.url, options.engineOptions) : undefined);
          if (engine === undefined) {
            throw new ConfigurationError(`AthanorModule '${name}': give either url or engine`);
          }
          const context = new SessionContext(engine, { session: options.session, strict: options.strict });
          registerContext(name, context);
          return context;
        },
        inject: [getOptionsToken(name)],
      },
      {
        provide: getEngineToken(name),
        useFactory: (context: SessionContext) => context.engine,
        inject: [contextToken],
      },
      {
        provide: getSessionToken(name),
        useFactory: (context: SessionContext) => ambientSession(context),
        inject: [contextToken],
      },
      {
        provide: `athanor:${name}:health`,
        useFactory: (context: SessionContext) => new AthanorHealthIndicator(context.engine),
        inject: [contextToken],
      },
      {
        provide: `athanor:${name}:lifecycle`,
        useFactory: (context: SessionContext, options: AthanorModuleOptions) =>
          new EngineLifecycle(name, context, options),
        inject: [contextToken, getOptionsToken(name)],
      },
      {
        provide: APP_INTERCEPTOR,
        useFactory: (context: SessionContext, options: AthanorModuleOptions) =>
          options.scopeHandlers === false
            ? { intercept: (_: unknown, next: { handle(): unknown }) => next.handle() }
            : new SessionScopeInterceptor(context),
        inject: [contextToken, getOptionsToken(name)],
      },
    ];
    const exported = [contextToken, getEngineToken(name), getSessionToken(name), `athanor:${name}:health`];
    return { module: AthanorModule, global: true, imports, providers, exports: exported };
  }
}

/** Injects the ambient session of an engine (a DEFAULT-scoped stand-in; see `ambientSession`). */
export const InjectSession = (name?: string): PropertyDecorator & ParameterDecorator =>
  Inject(getSessionToken(name));

/** Injects an engine's `SessionContext` (`transactional()`, `afterCommit()`, scopes for jobs). */
export const InjectSessionContext = (name?: string): PropertyDecorator & ParameterDecorator =>
  Inject(getContextToken(name));

/** Injects an engine. */
export const InjectEngine = (name?: string): PropertyDecorator & ParameterDecorator =>
  Inject(getEngineToken(name));

/** Injects the repository of an entity (listed in `AthanorModule.forFeature()`). */
export const InjectRepository = (
  entity: EntityClass<object>,
  name?: string,
): PropertyDecorator & ParameterDecorator => Inject(getRepositoryToken(entity, name));

/** Injects the health indicator of an engine. */
export const InjectHealthIndicator = (name?: string): PropertyDecorator & ParameterDecorator =>
  Inject(`athanor:${name ?? DEFAULT_ENGINE_NAME}:health`);
