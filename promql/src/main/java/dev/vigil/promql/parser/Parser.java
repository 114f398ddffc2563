package dev.vigil.promql.parser;

import dev.vigil.core.time.Durations;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.DurationExprs;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.Function;
import dev.vigil.promql.ast.Functions;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.PositionRange;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses PromQL text into an {@link Expr} tree: a hand-written recursive-descent parser with
 * precedence climbing that accepts exactly the language of Prometheus 3.x's grammar, followed by
 * the same type checks Prometheus applies. Errors are {@link ParseException}s in Prometheus's
 * wording; nothing else escapes, whatever the input (nesting is bounded by {@link
 * ParserOptions#maxDepth()}).
 *
 * <p>Thread-safe: each call builds its own state.
 */
public final class Parser {
  private final String input;
  private final ParserOptions options;
  private final List<Token> tokens;
  private int index;
  private int depth;

  private Parser(String input, ParserOptions options) {
    this.input = input;
    this.options = options;
    this.tokens = Lexer.lex(input);
  }

  /** Parses {@code input} with Prometheus's default options. */
  public static Expr parse(String input) {
    return parse(input, ParserOptions.DEFAULT);
  }

  /**
   * Parses {@code input}.
   *
   * @throws ParseException when the text is not a valid, well-typed PromQL expression
   */
  public static Expr parse(String input, ParserOptions options) {
    try {
      Parser p = new Parser(input, options);
      Expr e = p.parseTop();
      new TypeChecker(input).check(e);
      return e;
    } catch (ParseException e) {
      throw e;
    } catch (StackOverflowError | RuntimeException e) {
      throw new ParseException(
          input, new PositionRange(0, input.length()), "unexpected error: " + e);
    }
  }

  // ---------------------------------------------------------------- token access

  private Token peek() {
    Token t = tokens.get(index);
    if (t.type() == TokenType.ERROR) {
      throw new ParseException(input, new PositionRange(t.pos(), input.length()), t.text());
    }
    return t;
  }

  private Token peekAt(int ahead) {
    int i = Math.min(index + ahead, tokens.size() - 1);
    return tokens.get(i);
  }

  private Token next() {
    Token t = peek();
    if (index < tokens.size() - 1) {
      index++;
    }
    return t;
  }

  private boolean at(TokenType type) {
    return peek().type() == type;
  }

  private ParseException error(PositionRange pos, String msg) {
    return new ParseException(input, pos, msg);
  }

  private ParseException unexpected(String context, String expected) {
    Token t = peek();
    StringBuilder b = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      b.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      b.append(", expected ").append(expected);
    }
    return error(t.range(), b.toString());
  }

  private Token expect(TokenType type, String context, String expected) {
    if (!at(type)) {
      throw unexpected(context, expected);
    }
    return next();
  }

  // ---------------------------------------------------------------- expressions

  private Expr parseTop() {
    if (at(TokenType.EOF)) {
      throw error(new PositionRange(0, 0), "no expression found in input");
    }
    Expr e = parseExpr(0);
    if (!at(TokenType.EOF)) {
      throw unexpected("", "");
    }
    return e;
  }

  private void enter() {
    if (++depth > options.maxDepth()) {
      Token t = peek();
      throw error(
          t.range(), "expression nesting too deep (more than " + options.maxDepth() + " levels)");
    }
  }

  private Expr parseExpr(int minPrecedence) {
    enter();
    try {
      Expr lhs = parseUnary();
      // A left-associative chain (a + b + c ...) nests to the left without recursing here; it
      // counts against the nesting bound too, or evaluating the tree would overflow the stack.
      int chain = 0;
      while (true) {
        BinaryOp op = binaryOp(peek().type());
        if (op == null || op.precedence() < minPrecedence) {
          return lhs;
        }
        if (depth + ++chain > options.maxDepth()) {
          Token t = peek();
          throw error(
              t.range(),
              "expression nesting too deep (more than " + options.maxDepth() + " levels)");
        }
        next();
        boolean returnBool = false;
        if (at(TokenType.BOOL)) {
          next();
          returnBool = true;
        }
        VectorMatching matching = parseMatching();
        Expr rhs = parseExpr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
        PositionRange pos = lhs.position().merge(rhs.position());
        if (matching.hasFill() && !options.binopFillModifiers()) {
          throw error(pos, "binop fill modifiers are experimental and not enabled");
        }
        if (lhs.type() != ValueType.VECTOR || rhs.type() != ValueType.VECTOR) {
          if (!matching.matchingLabels().isEmpty()) {
            throw error(pos, "vector matching only allowed between instant vectors");
          }
          if (matching.hasFill()) {
            throw error(pos, "filling in missing series only allowed between instant vectors");
          }
          matching = null;
        } else if (op.isSetOperator()) {
          if (matching.hasFill()) {
            throw error(pos, "filling in missing series not allowed for set operators");
          }
          if (matching.card() == VectorMatching.Cardinality.ONE_TO_MANY
              || matching.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
            throw error(pos, "no grouping allowed for \"" + op.symbol() + "\" operation");
          }
          matching = matching.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
        }
        lhs = new BinaryExpr(op, lhs, rhs, matching, returnBool, pos);
      }
    } finally {
      depth--;
    }
  }

  private VectorMatching parseMatching() {
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> matching = List.of();
    List<String> include = List.of();
    boolean on = false;
    if (at(TokenType.ON) || at(TokenType.IGNORING)) {
      on = next().type() == TokenType.ON;
      matching = parseGroupingLabels();
      if (at(TokenType.GROUP_LEFT) || at(TokenType.GROUP_RIGHT)) {
        card =
            next().type() == TokenType.GROUP_LEFT
                ? VectorMatching.Cardinality.MANY_TO_ONE
                : VectorMatching.Cardinality.ONE_TO_MANY;
        if (at(TokenType.LEFT_PAREN)) {
          include = parseGroupingLabels();
        }
      }
    }
    Double fillLhs = null;
    Double fillRhs = null;
    boolean seenLeft = false;
    boolean seenRight = false;
    while (at(TokenType.FILL) || at(TokenType.FILL_LEFT) || at(TokenType.FILL_RIGHT)) {
      TokenType t = next().type();
      if ((t == TokenType.FILL && (seenLeft || seenRight))
          || (t == TokenType.FILL_LEFT && seenLeft)
          || (t == TokenType.FILL_RIGHT && seenRight)) {
        throw unexpected("binary expression", "");
      }
      double v = parseFillValue();
      if (t != TokenType.FILL_RIGHT) {
        fillLhs = v;
        seenLeft = true;
      }
      if (t != TokenType.FILL_LEFT) {
        fillRhs = v;
        seenRight = true;
      }
      if (t == TokenType.FILL) {
        break;
      }
    }
    return new VectorMatching(card, matching, on, include, fillLhs, fillRhs);
  }

  private double parseFillValue() {
    expect(TokenType.LEFT_PAREN, "fill modifier", "\"(\"");
    double sign = 1;
    if (at(TokenType.ADD) || at(TokenType.SUB)) {
      sign = next().type() == TokenType.SUB ? -1 : 1;
    }
    if (!at(TokenType.NUMBER) && !at(TokenType.DURATION)) {
      throw unexpected("fill modifier", "number or duration");
    }
    double v = sign * durationLiteral(next()).value();
    expect(TokenType.RIGHT_PAREN, "fill modifier", "\")\"");
    return v;
  }

  private static BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case ATAN2 -> BinaryOp.ATAN2;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case GTR -> BinaryOp.GTR;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case LTE -> BinaryOp.LTE;
      case LAND -> BinaryOp.AND;
      case LOR -> BinaryOp.OR;
      case LUNLESS -> BinaryOp.UNLESS;
      default -> null;
    };
  }

  private Expr parseUnary() {
    if (at(TokenType.ADD) || at(TokenType.SUB)) {
      Token op = next();
      enter();
      try {
        // Unary operators bind like multiplication: only '^' binds tighter.
        Expr operand = parseExpr(BinaryOp.POW.precedence());
        PositionRange pos = new PositionRange(op.pos(), operand.position().end());
        if (operand instanceof NumberLiteral n) {
          double v = op.type() == TokenType.SUB ? -n.value() : n.value();
          return new NumberLiteral(v, n.duration(), pos);
        }
        return new UnaryExpr(op.type() == TokenType.SUB, operand, pos);
      } finally {
        depth--;
      }
    }
    return parsePostfix(parsePrimary());
  }

  private Expr parsePostfix(Expr e) {
    while (true) {
      switch (peek().type()) {
        case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
        case OFFSET -> e = parseOffset(e);
        case AT -> e = parseAt(e);
        case ANCHORED, SMOOTHED -> e = parseExtension(e);
        default -> {
          return e;
        }
      }
    }
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER -> {
        next();
        return new NumberLiteral(number(t), false, t.range());
      }
      case DURATION -> {
        next();
        return new NumberLiteral(durationMillis(t) / 1000.0, true, t.range());
      }
      case STRING -> {
        next();
        return new StringLiteral(unquote(t), t.range());
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = parseExpr(0);
        Token close = expect(TokenType.RIGHT_PAREN, "paren expression", "\")\"");
        return new ParenExpr(inner, new PositionRange(t.pos(), close.pos() + 1));
      }
      case LEFT_BRACE -> {
        return parseSelector(null);
      }
      case IDENTIFIER -> {
        if (peekAt(1).type() == TokenType.LEFT_PAREN) {
          return parseCall();
        }
        return parseSelector(next());
      }
      case METRIC_IDENTIFIER -> {
        return parseSelector(next());
      }
      case START, END, STEP, RANGE, MIN_OF, MAX_OF -> {
        if (peekAt(1).type() == TokenType.LEFT_PAREN) {
          return parseCall();
        }
        return parseSelector(next());
      }
      default -> {
        if (t.type().isAggregator()) {
          TokenType after = peekAt(1).type();
          if (after == TokenType.LEFT_PAREN
              || after == TokenType.BY
              || after == TokenType.WITHOUT) {
            return parseAggregation();
          }
          return parseSelector(next());
        }
        if (isMetricKeyword(t.type())) {
          return parseSelector(next());
        }
        throw unexpected("", "");
      }
    }
  }

  private static boolean isMetricKeyword(TokenType t) {
    return switch (t) {
      case BY,
          WITHOUT,
          OFFSET,
          LAND,
          LOR,
          LUNLESS,
          ANCHORED,
          SMOOTHED,
          FILL,
          FILL_LEFT,
          FILL_RIGHT ->
          true;
      default -> false;
    };
  }

  // ---------------------------------------------------------------- selectors

  private VectorSelector parseSelector(Token nameToken) {
    String name = nameToken == null ? "" : nameToken.text();
    int startPos = nameToken == null ? peek().pos() : nameToken.pos();
    int endPos = nameToken == null ? startPos : nameToken.pos() + nameToken.text().length();
    List<LabelMatcher> matchers = new ArrayList<>();
    if (at(TokenType.LEFT_BRACE)) {
      next();
      while (!at(TokenType.RIGHT_BRACE)) {
        matchers.add(parseMatcher());
        if (at(TokenType.COMMA)) {
          next();
        } else if (!at(TokenType.RIGHT_BRACE)) {
          throw unexpected("label matching", "\",\" or \"}\"");
        }
      }
      endPos = next().pos() + 1;
    }
    if (!name.isEmpty()) {
      matchers.add(new LabelMatcher(LabelMatcher.Op.EQUAL, "__name__", name));
    }
    return new VectorSelector(name, matchers, 0, null, null, new PositionRange(startPos, endPos));
  }

  private LabelMatcher parseMatcher() {
    Token label = peek();
    String labelName;
    if (label.type() == TokenType.IDENTIFIER) {
      next();
      labelName = label.text();
      if (!isMatchOp(peek().type())) {
        throw unexpected("label matching", "label matching operator");
      }
    } else if (label.type() == TokenType.STRING) {
      next();
      labelName = unquote(label);
      if (!isMatchOp(peek().type())) {
        return metricNameMatcher(labelName);
      }
    } else {
      throw unexpected("label matching", "identifier or \"}\"");
    }
    Token op = next();
    if (!at(TokenType.STRING)) {
      throw unexpected("label matching", "string");
    }
    Token value = next();
    String v = unquote(value);
    LabelMatcher.Op mop =
        switch (op.type()) {
          case EQL -> LabelMatcher.Op.EQUAL;
          case NEQ -> LabelMatcher.Op.NOT_EQUAL;
          case EQL_REGEX -> LabelMatcher.Op.REGEX;
          default -> LabelMatcher.Op.NOT_REGEX;
        };
    try {
      return LabelMatcher.of(mop, labelName, v);
    } catch (IllegalArgumentException e) {
      throw error(
          new PositionRange(label.pos(), value.pos() + value.text().length()), e.getMessage());
    }
  }

  private static LabelMatcher metricNameMatcher(String name) {
    return new LabelMatcher(LabelMatcher.Op.EQUAL, "__name__", name);
  }

  private static boolean isMatchOp(TokenType t) {
    return t == TokenType.EQL
        || t == TokenType.NEQ
        || t == TokenType.EQL_REGEX
        || t == TokenType.NEQ_REGEX;
  }

  private Expr parseRangeOrSubquery(Expr e) {
    Token open = next();
    if (!isDurationStart(peek().type())) {
      throw unexpected("subquery or range selector", "number, duration, step(), or range()");
    }
    Expr range = parsePositiveDuration();
    if (at(TokenType.RIGHT_BRACKET)) {
      Token close = next();
      PositionRange brackets = new PositionRange(open.pos(), close.pos() + 1);
      if (!(e instanceof VectorSelector vs)) {
        throw error(brackets, "ranges only allowed for vector selectors");
      }
      if (vs.offsetMillis() != 0 || vs.offsetExpr() != null) {
        throw error(brackets, "no offset modifiers allowed before range");
      }
      if (vs.at() != null) {
        throw error(brackets, "no @ modifiers allowed before range");
      }
      return new MatrixSelector(
          vs,
          constantMillis(range),
          range instanceof DurationExpr ? range : null,
          new PositionRange(vs.position().start(), close.pos() + 1));
    }
    if (!at(TokenType.COLON)) {
      throw unexpected("subquery or range", "\":\" or \"]\"");
    }
    next();
    Expr step = null;
    if (!at(TokenType.RIGHT_BRACKET)) {
      if (!isDurationStart(peek().type())) {
        throw unexpected("subquery selector", "number, duration, step(), range(), or \"]\"");
      }
      step = parsePositiveDuration();
      if (!at(TokenType.RIGHT_BRACKET)) {
        throw unexpected("subquery selector", "\"]\"");
      }
    }
    Token close = next();
    return new SubqueryExpr(
        e,
        constantMillis(range),
        range instanceof DurationExpr ? range : null,
        step == null ? 0 : constantMillis(step),
        step instanceof DurationExpr ? step : null,
        0,
        null,
        null,
        new PositionRange(e.position().start(), close.pos() + 1));
  }

  private static boolean isDurationStart(TokenType t) {
    return switch (t) {
      case NUMBER, DURATION, ADD, SUB, LEFT_PAREN, STEP, RANGE, MIN_OF, MAX_OF -> true;
      default -> false;
    };
  }

  private Expr parsePositiveDuration() {
    Expr d = parseDurationExpr(0);
    if (d instanceof NumberLiteral n && n.value() <= 0) {
      throw error(n.position(), "duration must be greater than 0");
    }
    return d;
  }

  private long constantMillis(Expr d) {
    if (d instanceof NumberLiteral n) {
      return Math.round(n.value() * 1000);
    }
    if (DurationExprs.isConstant(d)) {
      return DurationExprs.millis(d, 0, 0);
    }
    return 0;
  }

  private Expr parseExtension(Expr e) {
    Token t = next();
    boolean anchor = t.type() == TokenType.ANCHORED;
    String word = anchor ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      throw error(e.position(), word + " modifier is experimental and not enabled");
    }
    PositionRange pos = new PositionRange(e.position().start(), t.pos() + t.text().length());
    VectorSelector vs;
    switch (e) {
      case VectorSelector v -> vs = v;
      case MatrixSelector ms -> vs = ms.selector();
      case SubqueryExpr sq ->
          throw error(e.position(), word + " modifier is not supported for subqueries");
      default -> throw error(e.position(), word + " modifier not implemented");
    }
    if ((anchor && vs.smoothed()) || (!anchor && vs.anchored())) {
      throw error(e.position(), "anchored and smoothed modifiers cannot be used together");
    }
    VectorSelector updated =
        vs.withExtension(anchor || vs.anchored(), !anchor || vs.smoothed(), vs.position());
    if (e instanceof MatrixSelector ms) {
      return ms.withSelector(updated, pos);
    }
    return updated.withExtension(updated.anchored(), updated.smoothed(), pos);
  }

  private Expr parseOffset(Expr e) {
    Token kw = next();
    Expr d;
    TokenType t = peek().type();
    if ((t == TokenType.ADD || t == TokenType.SUB)
        && (peekAt(1).type() == TokenType.NUMBER || peekAt(1).type() == TokenType.DURATION)) {
      Token sign = next();
      NumberLiteral n = durationLiteral(next());
      double v = sign.type() == TokenType.SUB ? -n.value() : n.value();
      d = new NumberLiteral(v, n.duration(), new PositionRange(sign.pos(), n.position().end()));
    } else if (t == TokenType.NUMBER || t == TokenType.DURATION) {
      d = durationLiteral(next());
    } else if (isDurationStart(t)) {
      // Only an atom: "foo offset -min_of(a, b) ^ 2" is "(foo offset -min_of(a, b)) ^ 2".
      Token sign = null;
      if (t == TokenType.ADD || t == TokenType.SUB) {
        sign = next();
      }
      Expr atom = parseDurationPrimary();
      if (sign == null || sign.type() == TokenType.ADD) {
        d = atom;
      } else if (atom instanceof NumberLiteral n) {
        d = new NumberLiteral(-n.value(), n.duration(), n.position());
      } else {
        d =
            new DurationExpr(
                DurationExpr.Op.SUB,
                null,
                atom,
                false,
                new PositionRange(sign.pos(), atom.position().end()));
      }
    } else {
      throw unexpected("offset", "number, duration, step(), or range()");
    }
    long millis = 0;
    Expr offsetExpr = null;
    if (d instanceof NumberLiteral n) {
      millis = Math.round(n.value() * 1000);
    } else {
      offsetExpr = d;
    }
    int end = tokens.get(index - 1).pos() + tokens.get(index - 1).text().length();
    switch (e) {
      case VectorSelector vs -> {
        checkOffsetUnset(vs.offsetMillis(), vs.offsetExpr(), e);
        return vs.withOffset(millis, offsetExpr, new PositionRange(vs.position().start(), end));
      }
      case MatrixSelector ms -> {
        VectorSelector vs = ms.selector();
        checkOffsetUnset(vs.offsetMillis(), vs.offsetExpr(), e);
        return ms.withSelector(
            vs.withOffset(millis, offsetExpr, vs.position()),
            new PositionRange(ms.position().start(), end));
      }
      case SubqueryExpr sq -> {
        checkOffsetUnset(sq.offsetMillis(), sq.offsetExpr(), e);
        return sq.withOffset(millis, offsetExpr, new PositionRange(sq.position().start(), end));
      }
      default ->
          throw error(
              e.position().merge(kw.range()),
              "offset modifier must be preceded by an instant vector selector or range vector"
                  + " selector or a subquery");
    }
  }

  private void checkOffsetUnset(long millis, Expr expr, Expr e) {
    if (millis != 0 || expr != null) {
      throw error(e.position(), "offset may not be set multiple times");
    }
  }

  private Expr parseAt(Expr e) {
    next();
    At at;
    Token t = peek();
    if (t.type() == TokenType.START || t.type() == TokenType.END) {
      next();
      expect(TokenType.LEFT_PAREN, "@", "timestamp");
      expect(TokenType.RIGHT_PAREN, "@", "timestamp");
      at = t.type() == TokenType.START ? At.start() : At.end();
    } else {
      double sign = 1;
      if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
        next();
        sign = t.type() == TokenType.SUB ? -1 : 1;
      }
      Token num = peek();
      double ts;
      if (num.type() == TokenType.NUMBER) {
        next();
        ts = sign * number(num);
      } else if (num.type() == TokenType.DURATION) {
        next();
        ts = sign * (durationMillis(num) / 1000.0);
      } else {
        throw unexpected("@", "timestamp");
      }
      if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 0x1p63 || ts <= -0x1p63) {
        throw error(
            e.position(),
            "timestamp out of bounds for @ modifier: "
                + String.format(java.util.Locale.ROOT, "%f", ts).replace("Infinity", "Inf"));
      }
      at = At.timestamp(Math.round(ts * 1000));
    }
    int end = tokens.get(index - 1).pos() + tokens.get(index - 1).text().length();
    switch (e) {
      case VectorSelector vs -> {
        checkAtUnset(vs.at(), e);
        return vs.withAt(at, new PositionRange(vs.position().start(), end));
      }
      case MatrixSelector ms -> {
        checkAtUnset(ms.selector().at(), e);
        return ms.withSelector(
            ms.selector().withAt(at, ms.selector().position()),
            new PositionRange(ms.position().start(), end));
      }
      case SubqueryExpr sq -> {
        checkAtUnset(sq.at(), e);
        return sq.withAt(at, new PositionRange(sq.position().start(), end));
      }
      default ->
          throw error(
              e.position(),
              "@ modifier must be preceded by an instant vector selector or range vector selector"
                  + " or a subquery");
    }
  }

  private void checkAtUnset(At at, Expr e) {
    if (at != null) {
      throw error(e.position(), "@ <timestamp> may not be set multiple times");
    }
  }

  // ---------------------------------------------------------------- duration expressions

  private Expr parseDurationExpr(int minPrecedence) {
    enter();
    try {
      Expr lhs = parseDurationUnary();
      while (true) {
        DurationExpr.Op op =
            switch (peek().type()) {
              case ADD -> DurationExpr.Op.ADD;
              case SUB -> DurationExpr.Op.SUB;
              case MUL -> DurationExpr.Op.MUL;
              case DIV -> DurationExpr.Op.DIV;
              case MOD -> DurationExpr.Op.MOD;
              case POW -> DurationExpr.Op.POW;
              default -> null;
            };
        if (op == null) {
          return lhs;
        }
        int prec =
            switch (op) {
              case ADD, SUB -> 4;
              case POW -> 6;
              default -> 5;
            };
        if (prec < minPrecedence) {
          return lhs;
        }
        Token opToken = next();
        Expr rhs = parseDurationExpr(op == DurationExpr.Op.POW ? prec : prec + 1);
        checkDurationExprEnabled(lhs.position());
        if ((op == DurationExpr.Op.DIV || op == DurationExpr.Op.MOD)
            && rhs instanceof NumberLiteral n
            && n.value() == 0) {
          throw error(
              opToken.range(), op == DurationExpr.Op.DIV ? "division by zero" : "modulo by zero");
        }
        lhs = new DurationExpr(op, lhs, rhs, false, lhs.position().merge(rhs.position()));
      }
    } finally {
      depth--;
    }
  }

  private Expr parseDurationUnary() {
    Token t = peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      next();
      enter();
      try {
        Expr operand = parseDurationExpr(6);
        PositionRange pos = new PositionRange(t.pos(), operand.position().end());
        if (operand instanceof NumberLiteral n) {
          return new NumberLiteral(
              t.type() == TokenType.SUB ? -n.value() : n.value(), n.duration(), pos);
        }
        if (t.type() == TokenType.SUB) {
          return new DurationExpr(DurationExpr.Op.SUB, null, operand, false, pos);
        }
        return operand;
      } finally {
        depth--;
      }
    }
    return parseDurationPrimary();
  }

  private Expr parseDurationPrimary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER, DURATION -> {
        next();
        NumberLiteral n = durationLiteral(t);
        if (n.value() > 0x1p63 / 1e9 || n.value() < -0x1p63 / 1e9) {
          throw error(n.position(), "duration out of range");
        }
        return n;
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = parseDurationExpr(0);
        Token close = expect(TokenType.RIGHT_PAREN, "duration expression", "\")\"");
        PositionRange pos = new PositionRange(t.pos(), close.pos() + 1);
        checkDurationExprEnabled(pos);
        if (inner instanceof DurationExpr d) {
          return d.wrap();
        }
        return new DurationExpr(DurationExpr.Op.ADD, null, inner, true, pos);
      }
      case STEP, RANGE -> {
        next();
        expect(TokenType.LEFT_PAREN, "duration expression", "\"(\"");
        Token close = expect(TokenType.RIGHT_PAREN, "duration expression", "\")\"");
        PositionRange pos = new PositionRange(t.pos(), close.pos() + 1);
        checkDurationExprEnabled(pos);
        return new DurationExpr(
            t.type() == TokenType.STEP ? DurationExpr.Op.STEP : DurationExpr.Op.RANGE,
            null,
            null,
            false,
            pos);
      }
      case MIN_OF, MAX_OF -> {
        next();
        expect(TokenType.LEFT_PAREN, "duration expression", "\"(\"");
        Expr a = parseDurationExpr(0);
        expect(TokenType.COMMA, "duration expression", "\",\"");
        Expr b = parseDurationExpr(0);
        Token close = expect(TokenType.RIGHT_PAREN, "duration expression", "\")\"");
        PositionRange pos = new PositionRange(t.pos(), close.pos() + 1);
        checkDurationExprEnabled(pos);
        return new DurationExpr(
            t.type() == TokenType.MIN_OF ? DurationExpr.Op.MIN_OF : DurationExpr.Op.MAX_OF,
            a,
            b,
            false,
            pos);
      }
      default -> throw unexpected("duration expression", "number, duration, step(), or range()");
    }
  }

  private void checkDurationExprEnabled(PositionRange pos) {
    if (!options.durationExpressions()) {
      throw error(pos, "experimental duration expression is not enabled");
    }
  }

  private NumberLiteral durationLiteral(Token t) {
    if (t.type() == TokenType.NUMBER) {
      return new NumberLiteral(number(t), false, t.range());
    }
    return new NumberLiteral(durationMillis(t) / 1000.0, true, t.range());
  }

  // ---------------------------------------------------------------- calls and aggregations

  private Expr parseCall() {
    Token name = next();
    Function f = Functions.get(name.text());
    if (f == null) {
      throw error(name.range(), "unknown function with name \"" + name.text() + "\"");
    }
    if (f.experimental() && !options.experimentalFunctions()) {
      throw error(name.range(), "function \"" + name.text() + "\" is not enabled");
    }
    List<Expr> args = new ArrayList<>();
    int end = parseCallBody(args);
    return new Call(f, args, new PositionRange(name.pos(), end));
  }

  /** Parses {@code (arg, ...)} into {@code args}; returns the offset after the ')'. */
  private int parseCallBody(List<Expr> args) {
    expect(TokenType.LEFT_PAREN, "function call", "\"(\"");
    if (at(TokenType.RIGHT_PAREN)) {
      return next().pos() + 1;
    }
    while (true) {
      args.add(parseExpr(0));
      if (at(TokenType.COMMA)) {
        Token comma = next();
        if (at(TokenType.RIGHT_PAREN)) {
          throw error(comma.range(), "trailing commas not allowed in function call args");
        }
        continue;
      }
      if (at(TokenType.RIGHT_PAREN)) {
        return next().pos() + 1;
      }
      throw unexpected("function call", "\",\" or \")\"");
    }
  }

  private Expr parseAggregation() {
    Token opToken = next();
    AggregateOp op = AggregateOp.valueOf(opToken.type().name());
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    if (at(TokenType.BY) || at(TokenType.WITHOUT)) {
      without = next().type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
      modifierSeen = true;
    }
    if (!at(TokenType.LEFT_PAREN)) {
      throw unexpected("aggregation", "");
    }
    List<Expr> args = new ArrayList<>();
    int end = parseCallBody(args);
    if (!modifierSeen && (at(TokenType.BY) || at(TokenType.WITHOUT))) {
      without = next().type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
      end = tokens.get(index - 1).pos() + 1;
    }
    PositionRange pos = new PositionRange(opToken.pos(), end);
    if (args.isEmpty()) {
      throw error(pos, "no arguments for aggregate expression provided");
    }
    int desired = 1;
    Expr param = null;
    if (op.hasParam()) {
      if (op.experimental() && !options.experimentalFunctions()) {
        throw error(
            pos,
            op.keyword()
                + "() is experimental and must be enabled with"
                + " --enable-feature=promql-experimental-functions");
      }
      desired = 2;
      param = args.get(0);
    }
    if (args.size() != desired) {
      throw error(
          pos,
          "wrong number of arguments for aggregate expression provided, expected "
              + desired
              + ", got "
              + args.size());
    }
    return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, pos);
  }

  private List<String> parseGroupingLabels() {
    if (!at(TokenType.LEFT_PAREN)) {
      throw unexpected("grouping opts", "\"(\"");
    }
    next();
    List<String> labels = new ArrayList<>();
    while (!at(TokenType.RIGHT_PAREN)) {
      Token t = peek();
      String name;
      if (t.type() == TokenType.STRING) {
        name = unquote(t);
      } else if (t.type() == TokenType.IDENTIFIER
          || t.type() == TokenType.METRIC_IDENTIFIER
          || t.type().kind == TokenType.Kind.AGGREGATOR
          || t.type().kind == TokenType.Kind.KEYWORD
          || t.type() == TokenType.LAND
          || t.type() == TokenType.LOR
          || t.type() == TokenType.LUNLESS
          || t.type() == TokenType.ATAN2) {
        name = t.text();
      } else {
        throw unexpected("grouping opts", "label");
      }
      if (!isValidLabelName(name)) {
        throw error(t.range(), "invalid label name for grouping: " + quoteGo(name));
      }
      next();
      labels.add(name);
      if (at(TokenType.COMMA)) {
        next();
      } else if (!at(TokenType.RIGHT_PAREN)) {
        throw unexpected("grouping opts", "\",\" or \")\"");
      }
    }
    next();
    return labels;
  }

  // ---------------------------------------------------------------- literals

  private static String quoteGo(String s) {
    return dev.vigil.promql.ast.Printer.quote(s);
  }

  /** Label names are any non-empty valid UTF-8 text (Prometheus 3's UTF-8 names). */
  static boolean isValidLabelName(String name) {
    return !name.isEmpty() && Strings.isValidUtf8(name);
  }

  private double number(Token t) {
    Double v = Strings.parseNumber(t.text());
    if (v == null) {
      throw error(t.range(), "error parsing number: invalid syntax: " + quoteGo(t.text()));
    }
    return v;
  }

  private long durationMillis(Token t) {
    try {
      return Durations.parseMillis(t.text());
    } catch (IllegalArgumentException e) {
      throw error(t.range(), "not a valid duration string: " + quoteGo(t.text()));
    }
  }

  private String unquote(Token t) {
    try {
      return Strings.unquote(t.text());
    } catch (IllegalArgumentException e) {
      throw error(t.range(), e.getMessage());
    }
  }
}
