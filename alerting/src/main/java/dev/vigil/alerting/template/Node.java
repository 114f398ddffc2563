package dev.vigil.alerting.template;

import java.util.List;

/** The parse tree of a template, in the shapes of Go's {@code text/template/parse} nodes. */
interface Node {
  /** Literal text, printed as is. */
  record Text(String text) implements Node {}

  /** {@code {{pipeline}}}: prints the pipeline's value unless it declares variables. */
  record Action(int line, Pipe pipe) implements Node {}

  /** {@code if}, {@code with} or {@code range}, with their bodies. */
  record Branch(Kind kind, int line, Pipe pipe, List<Node> list, List<Node> elseList)
      implements Node {
    enum Kind {
      IF,
      WITH,
      RANGE
    }
  }

  /** {@code {{template "name" pipeline}}}: runs a named template; {@code pipe} may be null. */
  record TemplateCall(int line, String name, Pipe pipe) implements Node {}

  /** {@code {{break}}} inside a range. */
  record Break(int line) implements Node {}

  /** {@code {{continue}}} inside a range. */
  record Continue(int line) implements Node {}

  /** A pipeline: optional variable declarations, then commands joined by {@code |}. */
  record Pipe(int line, List<String> decl, boolean assign, List<Command> cmds) implements Arg {}

  /** A function call or value with its arguments. */
  record Command(List<Arg> args) {}

  /** An operand of a command. */
  sealed interface Arg
      permits Pipe, Field, Variable, Dot, Ident, Chain, StringConst, NumberConst, BoolConst, Nil {}

  /** {@code .A.B}: fields of dot. */
  record Field(List<String> names) implements Arg {}

  /** {@code $x.A.B}: a variable and optional fields. */
  record Variable(String name, List<String> fields) implements Arg {}

  /** {@code .} */
  record Dot() implements Arg {}

  /** A function name. */
  record Ident(String name) implements Arg {}

  /** {@code (pipeline).A.B}. */
  record Chain(Arg node, List<String> fields) implements Arg {}

  /** A string constant, already unquoted. */
  record StringConst(String value) implements Arg {}

  /** A number constant: an integer when {@code isInt}, else a float. */
  record NumberConst(String text, boolean isInt, long intValue, double floatValue) implements Arg {}

  /** {@code true} or {@code false}. */
  record BoolConst(boolean value) implements Arg {}

  /** {@code nil}. */
  record Nil() implements Arg {}
}
