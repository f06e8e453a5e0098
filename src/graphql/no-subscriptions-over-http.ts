import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

/**
 * Subscriptions live on the WebSocket endpoint. Over HTTP one would fail deep in execution and read as a
 * fault of the service; refused here instead, as the client's mistake, with a pointer to the right place.
 */
export function noSubscriptionsOverHttp(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'subscription') return;
      context.reportError(
        // Answered as GRAPHQL_VALIDATION_FAILED with HTTP 400, like every validation error.
        new GraphQLError('Subscriptions are served over WebSocket (the graphql-ws protocol at /graphql), not over HTTP', { nodes: [operation] }),
      );
    },
  };
}
