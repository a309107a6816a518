import { Controller, Get, Module, Post } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Authenticated, Public, Roles } from './auth.contract.js';
import { RouteAccessCheck, UndeclaredRouteAccessError } from './route-access.check.js';

@Controller('declared')
@Roles('admin')
class DeclaredController {
  @Get()
  list(): string {
    return 'ok';
  }

  @Get('open')
  @Public()
  open(): string {
    return 'ok';
  }

  helper(): string {
    return 'not a route';
  }
}

@Controller(['forgotten', 'alias'])
class ForgottenController {
  @Get(':id')
  @Authenticated()
  fine(): string {
    return 'ok';
  }

  @Post('do-it')
  oops(): string {
    return 'no declaration';
  }
}

async function boot(controllers: (new (...args: never[]) => unknown)[]) {
  @Module({ imports: [DiscoveryModule], controllers, providers: [RouteAccessCheck] })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, abortOnError: false });
  return app;
}

describe('RouteAccessCheck', () => {
  it('lists every route with its declaration (class-level rules apply to all handlers)', async () => {
    const app = await boot([DeclaredController]);
    await app.init();
    const routes = app.get(RouteAccessCheck).routes();
    expect(routes.map((r) => [r.method, r.path, r.access])).toEqual([
      ['GET', '/declared', { kind: 'roles', roles: ['admin'] }],
      ['GET', '/declared/open', { kind: 'public' }],
    ]);
    await app.close();
  });

  it('refuses to start when a route declares no access rule, naming it under each path', async () => {
    const app = await boot([DeclaredController, ForgottenController]);
    const err = await app.init().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UndeclaredRouteAccessError);
    expect((err as UndeclaredRouteAccessError).routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /alias/do-it',
      'POST /forgotten/do-it',
    ]);
    expect((err as Error).message).toContain('POST /forgotten/do-it (ForgottenController.oops)');
    await app.close().catch(() => undefined);
  });
});
