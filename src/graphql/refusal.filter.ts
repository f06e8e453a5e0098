import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Refusal } from '../shared/refusal';

/**
 * A refusal (a desk rule, bad input, a bad token) is an answer, not a fault of the service: hand it
 * to the client as it is, without Nest logging it as an error with a stack trace. Anything else
 * still reaches Nest's own handler and is logged.
 */
@Catch(Refusal, GraphQLError)
export class RefusalFilter implements GqlExceptionFilter {
  catch(refusal: Refusal | GraphQLError): Refusal | GraphQLError {
    return refusal;
  }
}
