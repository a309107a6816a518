import { Injectable, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from './auth.contract.js';

export interface RouteInfo {
  readonly method: string;
  /** Path as declared, with `:params`, leading slash, e.g. `/api/v1/admin/users/:id`. */
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  readonly access: AccessRule | undefined;
}

export class UndeclaredRouteAccessError extends Error {
  constructor(readonly routes: readonly RouteInfo[]) {
    super(
      `Refusing to start: ${routes.length} route(s) declare none of @Public(), @Authenticated(), @Roles():\n` +
        routes.map((r) => `  - ${r.method} ${r.path} (${r.controller}.${r.handler})`).join('\n'),
    );
    this.name = 'UndeclaredRouteAccessError';
  }
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function join(a: string, b: string): string {
  const path = `/${a}/${b}`.replace(/\/+/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/**
 * Every route of the application with its access declaration, and the boot-time check that
 * each one has one: a route nobody thought about must not silently become public (or fail
 * at the first request), so the application refuses to start and names the route.
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const missing = this.routes().filter((r) => r.access === undefined);
    if (missing.length > 0) throw new UndeclaredRouteAccessError(missing);
  }

  routes(): RouteInfo[] {
    const out: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!instance || !type) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const base = paths(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (own === undefined) continue; // not a route handler
        const method =
          RequestMethod[(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod) ?? 0] ?? 'GET';
        const access = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
          handler,
          type,
        ]);
        for (const b of base) {
          for (const p of paths(own)) {
            out.push({ method, path: join(b, p), controller: type.name, handler: name, access });
          }
        }
      }
    }
    return out.sort((x, y) => x.path.localeCompare(y.path) || x.method.localeCompare(y.method));
  }
}
