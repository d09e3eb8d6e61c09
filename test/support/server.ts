/** Starts the real HTTP server on a free port and talks GraphQL over HTTP to it. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import type { Config } from '../../src/config';
import type { Database } from '../../src/db/orm';
import { type RunningServer, startServer } from '../../src/server';
import { testConfig } from './config';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

export interface TestServer extends RunningServer {
  query<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables?: TVariables, headers?: Record<string, string>): Promise<GraphQLResponse<TResult>>;
  raw(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<unknown>>;
}

/** `logger` lets a test read what the server logs (e.g. alerts at warn level); silent otherwise. */
export async function startTestServer(db: Database, overrides: Partial<Config> = {}, now?: () => Date, logger: pino.Logger = pino({ level: 'silent' })): Promise<TestServer> {
  const server = await startServer({ newsroom: BODY_HOOKS, config: testConfig(db, overrides), db, logger, now });
  const raw = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, ...((await res.json()) as object) };
  };
  return Object.assign(server, {
    raw,
    query: (document: TypedDocumentNode<any, any>, variables?: unknown, headers?: Record<string, string>) => raw({ query: print(document), variables }, headers),
  }) as TestServer;
}
