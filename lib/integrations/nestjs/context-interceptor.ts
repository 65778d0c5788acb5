import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { SessionContext } from '../../context';

/**
 * Opens a session scope around each handler Nest runs — HTTP routes, WebSocket gateway messages,
 * microservice patterns — so the ambient session is there for reads without a transaction;
 * `@Transactional()` methods begin transactions inside it. What the handler leaves uncommitted
 * is rolled back when its observable completes.
 * @internal
 */
export class SessionScopeInterceptor implements NestInterceptor {
  constructor(private readonly context: SessionContext) {}

  intercept(_execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      const scope = this.context.open({ kind: 'none' });
      const close = (): void => void scope.rollback().catch(() => undefined);
      const subscription = scope.run(() =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            close();
            subscriber.error(error);
          },
          complete: () => {
            close();
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        close();
      };
    });
  }
}
