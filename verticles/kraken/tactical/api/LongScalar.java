package kraken.tactical.api;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The schema's {@code Long}: epoch milliseconds and counts do not fit GraphQL's 32-bit {@code Int}, and graphql-java
 * ships no 64-bit scalar outside its extended-scalars library. Written as a JSON number; read from an integer literal
 * or variable (or its decimal string).
 */
final class LongScalar {

  static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar().name("Long")
    .description("A 64-bit integer").coercing(new LongCoercing()).build();

  private LongScalar() {
  }

  private static final class LongCoercing implements Coercing<Long, Long> {

    @Override
    public Long serialize(Object value, GraphQLContext context, Locale locale) {
      Long result = toLong(value);
      if (result == null) {
        throw new CoercingSerializeException("Long: " + value + " is not a 64-bit integer");
      }
      return result;
    }

    @Override
    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
      Long result = toLong(input);
      if (result == null) {
        throw new CoercingParseValueException("expected a 64-bit integer, got " + input);
      }
      return result;
    }

    @Override
    public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      Long result = input instanceof IntValue i ? toLong(i.getValue())
        : input instanceof StringValue s ? toLong(s.getValue()) : null;
      if (result == null) {
        throw new CoercingParseLiteralException("expected a 64-bit integer, got " + input);
      }
      return result;
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
      return IntValue.newIntValue(BigInteger.valueOf(serialize(input, context, locale))).build();
    }

    private static Long toLong(Object value) {
      if (value instanceof Long l) {
        return l;
      }
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      if (value instanceof BigInteger big) {
        return big.bitLength() < 64 ? big.longValue() : null;
      }
      if (value instanceof Number number) {
        double d = number.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
      }
      if (value instanceof String text) {
        try {
          return Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
          return null;
        }
      }
      return null;
    }
  }
}
