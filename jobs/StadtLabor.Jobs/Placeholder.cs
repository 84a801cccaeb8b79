namespace StadtLabor.Jobs; internal static class Placeholder;
