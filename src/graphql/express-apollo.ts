/**
 * Apollo Server behind express, as `@as-integrations/express5`'s `expressMiddleware` does it, with
 * one difference on the hot path: a complete answer to a POST is written with `res.end` and its
 * length, not `res.send`. express's `send` hashes every body for a weak ETag (sha1 over the whole
 * JSON: tens of KB on an article page) that no POST can use (only GET/HEAD are ever 304);
 * GET answers still go through `send`, so a conditional GET keeps express's 304.
 */
import { parse } from 'node:url';
import { type ApolloServer, type BaseContext, type ContextFunction, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

export function apolloMiddleware<C extends BaseContext>(server: ApolloServer<C>, context: ContextFunction<[{ req: Request; res: Response }], C>): RequestHandler {
  server.assertStarted('apolloMiddleware()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: the json middleware must run before Apollo Server.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const request: HTTPGraphQLRequest = { method: req.method.toUpperCase(), headers, search: parse(req.url).search ?? '', body: req.body };
    const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => context({ req, res }) });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      if (request.method !== 'POST') {
        res.send(response.body.string);
        return;
      }
      res.setHeader('Content-Length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
