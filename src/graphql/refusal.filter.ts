import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlArgumentsHost, GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { Refusal } from '../shared/refusal';
import { apiCode, InputProblem, inputProblems } from './error-format';

/**
 * Where a resolver's or the domain's bad-input refusal points, from the field's arguments: a refusal
 * names its `field` as its own layer knows it (the domain says "claimant.kind", not "input"), so a
 * path that does not start with one of the field's arguments is inside its `input`.
 */
export function problemsAt(refusal: Refusal, info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'> | undefined): InputProblem[] {
  const problems = inputProblems(refusal.details, refusal.message);
  const args = info?.parentType.getFields()[info.fieldName]?.args.map((arg) => arg.name) ?? [];
  if (!args.includes('input')) return problems;
  return problems.map((p) => (p.path.length > 0 && typeof p.path[0] === 'string' && args.includes(p.path[0]) ? p : { ...p, path: ['input', ...p.path] }));
}

/**
 * A refusal (a desk rule, bad input, a bad token) is an answer, not a fault of the service: hand it
 * to the client as it is, without Nest logging it as an error with a stack trace. Anything else
 * still reaches Nest's own handler and is logged. A bad-input refusal gets its `fields` here, where
 * the field's arguments are known.
 */
@Catch(Refusal, GraphQLError)
export class RefusalFilter implements GqlExceptionFilter {
  catch(refusal: Refusal | GraphQLError, host?: ArgumentsHost): Refusal | GraphQLError {
    if (!(refusal instanceof Refusal) || apiCode(refusal.code) !== 'BAD_USER_INPUT' || !host || host.getType<string>() !== 'graphql') return refusal;
    const fields = problemsAt(refusal, GqlArgumentsHost.create(host).getInfo<GraphQLResolveInfo | undefined>());
    const answered = new Refusal(refusal.code, refusal.message, { ...refusal.details, fields });
    answered.stack = refusal.stack;
    return answered;
  }
}
