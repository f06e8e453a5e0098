import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor } from '../shared/actor';
import { RequestContext } from './request-context';

/** The verified actor of the current GraphQL request, or null when no token was presented. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor | null => {
  return GqlExecutionContext.create(context).getContext<RequestContext>().actor;
});
