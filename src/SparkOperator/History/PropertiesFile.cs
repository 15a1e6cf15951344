using System.Text;

namespace SparkOperator.History;

/// <summary>
/// Writes a Java properties file (what Spark reads spark-defaults.conf with). Keys and values are
/// escaped, so a value with a newline, '=' or a leading '#' stays one value and cannot add a conf
/// the operator refused.
/// </summary>
internal static class PropertiesFile
{
    public static string Write(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            Escape(text, key, isKey: true);
            text.Append('=');
            Escape(text, value, isKey: false);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Escape(StringBuilder text, string value, bool isKey)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                case '\f': text.Append(@"\f"); break;

                // Properties.load drops a value's leading blanks, and a key ends at the first blank.
                case ' ' when isKey || i == 0: text.Append(@"\ "); break;
                case '=' or ':' or '#' or '!' when isKey || i == 0: text.Append('\\').Append(c); break;
                default: text.Append(c); break;
            }
        }
    }
}
