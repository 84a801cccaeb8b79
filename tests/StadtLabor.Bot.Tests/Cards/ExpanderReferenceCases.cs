namespace StadtLabor.Bot.Tests.Cards;

/// <summary>
/// Templates and data that both TemplateExpander and Microsoft's adaptivecards-templating expand;
/// ExpanderReferenceTests asserts the same output (or that both fail). Many cases pin down the
/// reference's behaviour for missing, null and odd values, which our cards must not trip over.
/// </summary>
internal static class ExpanderReferenceCases
{
    public static readonly IReadOnlyList<(string Name, string Template, string Data)> All =
    [
        // Typed values and interpolation
        ("typed number", """{"a":"${x}"}""", """{"x":1.5}"""),
        ("typed bool, object, array", """{"a":"${b}","o":"${o}","l":"${l}"}""", """{"b":true,"o":{"k":[1,{"z":null}]},"l":[1,"a"]}"""),
        ("typed null", """{"a":"${x}"}""", """{"x":null}"""),
        ("text with numbers", """{"a":"n=${x} m=${y} z=${z} e=${e} s=${s}"}""", """{"x":0.1,"y":1e21,"z":-0,"e":1e-7,"s":123456789012}"""),
        ("text with bool, object, array", """{"a":"${b}|${o}|${l}|${n}"}""", """{"b":false,"o":{"k":1},"l":[1,[2,3],"x"],"n":[]}"""),
        ("two bindings and text", """{"a":"${x}${y} and ${x}} $${y}"}""", """{"x":1,"y":"b"}"""),
        ("spaces inside binding", """{"a":"${  x  }","b":"v ${ x }"}""", """{"x":1}"""),
        ("lone literals stay text", """{"a":"${true}","b":"${1.50}","c":"${'s'}","d":"${(1)}","e":"${\"dq\"}"}""", """{}"""),
        ("negative number is typed", """{"a":"${-1}","b":"x ${-2.5}"}""", """{}"""),
        ("string literal escapes and braces", """{"a":"${'it\\'s'} ${'}'} ${\"q\\\"\"}"}""", """{}"""),
        ("backslash escape in a string literal", """{"a":"${'a\\\\b'} x"}""", """{}"""),
        ("keys are not expanded", """{"${k}":"${k}","a":1}""", """{"k":"K"}"""),
        ("reserved keys removed", """{"$root":"x","$index":1,"$host":2,"$schema":"s","a":1}""", """{}"""),
        ("literals copied", """{"a":1.0,"b":1e3,"c":-0.5,"d":null,"e":[true,false],"f":"plain $ { } text"}""", """{}"""),
        ("data text never re-expanded", """{"a":"${x}","b":"say ${x}","c":"${o}"}""", """{"x":"${$root.secret}","o":{"${y}":"${$root.secret}"},"secret":"S"}"""),
        ("unicode and control characters", """{"a":"${x}","b":"<${x}>"}""", """{"x":"é \"q\" \\ \n\t \u0001 💡"}"""),
        // Missing values
        ("missing path typed", """{"a":"${x}","b":"${x.y.z}","c":"${$root.q}","d":"${$index}"}""", """{"x":{}}"""),
        ("missing path in text", """{"a":"hi ${x}","b":"${x.y} and ${a.b.c}"}""", """{}"""),
        ("missing key by index is undefined", """{"a":"${x['k']}","b":"${x[\"k\"].m}","c":[1,"${x['k']}",2]}""", """{"x":{}}"""),
        ("path through null", """{"a":"${x.k}","b":"${x.k.m}","c":"${x.n.m}","d":"${x.s.length}"}""", """{"x":{"k":null,"n":0,"s":"str"}}"""),
        ("index out of range in text", """{"a":"v ${x[3]}|${$root.x[3]}|${x.y[5]}|${m['k'][0]}|${x[0.5]}|${x[true]}|${x[z]}"}""", """{"x":[1],"m":{"k":"v"}}"""),
        ("failed call in text printed back", """{"a":"v ${count(x[3])}|${if(true, x[3], 1)}|${concat('a', x[3])}|${string(x[3])}"}""", """{"x":[1]}"""),
        ("operator on missing in text", """{"a":"${!x[3]}|${x[3] == 1}|${x[3] && true}|${x[3] < 1}"}""", """{"x":[1]}"""),
        ("indexing", """{"a":"${x[0]}","b":"${x[0].y}","c":"${x[0]['y']}","d":"${m[k]}","e":"${x[1].y}"}""", """{"x":[{"y":2},{"y":null}],"m":{"k":1},"k":"k"}"""),
        ("case-insensitive paths", """{"a":"${X.Y}","b":"${$Root.x.y}","c":"${$DATA.x.Y}","d":"${dup}"}""", """{"x":{"y":3},"Dup":1,"dup":2}"""),
        ("array and string keys", """{"a":"${x['0']}","b":"${s['1']}","c":"${s.length}"}""", """{"x":[7],"s":"ab"}"""),
        // Functions
        ("count", """{"a":"${count(x)}","b":"${count(s)}","c":"${count(o)}","d":"${count(missing)}","e":"${count(x.y)}"}""", """{"x":[1,2],"s":"abc","o":{"a":1}}"""),
        ("empty", """{"a":"${empty(m)}","b":"${empty(e)}","c":"${empty(z)}","d":"${empty(f)}","e":"${empty(s)}","f":"${empty(o)}","g":"${empty(n)}","h":"${empty(l)}"}""", """{"e":"","z":0,"f":false,"s":"a","o":{},"n":null,"l":[1]}"""),
        ("not and bang", """{"a":"${not(x)}","b":"${!x}","c":"${!z}","d":"${!e}","e":"${!n}","f":"${!m}","g":"${not(true)}","h":"${!(1 == 1)}","i":"${!s}"}""", """{"x":true,"z":0,"e":"","n":null,"s":"false"}"""),
        ("if", """{"a":"${if(x, 'y', 'n')}","b":"${if(m, 'y', 'n')}","c":"${if(z, 1, 2)}","d":"${if(f, y, q)}","e":"${if(f, y, n)}"}""", """{"x":true,"z":0,"f":false,"n":null}"""),
        ("string", """{"a":"${string(x)}","b":"${string(b)}","c":"${string(o)}","d":"${string(l)}","e":"${string(n)}","f":"${string(m)}","g":"${string(q)}"}""", """{"x":"s","b":true,"o":{"a":"x\"y","b":[1.5,null]},"l":[1,"a"],"n":null,"q":"q\"uote"}"""),
        ("top-level concat is text", """{"a":"${concat('a', x)}","b":"${concat(x, 1, true)}","c":"${concat(l, l)}","d":"${concat(o, 'b')}","e":"${concat(n)}","f":"${concat(m, 'z')}"}""", """{"x":"b","l":[1],"o":{"a":1},"n":5}"""),
        ("nested concat folds", """{"a":"${if(true, concat(l, l), 0)}","b":"${if(true, concat(o, 'b'), 0)}","c":"${if(true, concat(n, s), 0)}","d":"${if(true, concat(n, l), 0)}","e":"${if(true, concat(s), 0)}"}""", """{"l":[1,2],"o":{"a":"b"},"n":null,"s":"x"}"""),
        // Operators
        ("equality", """{"a":"${x == 1}","b":"${x == '1'}","c":"${m == null}","d":"${m != n}","e":"${l == k}","f":"${o == p}","g":"${s == 'A'}","h":"${x != 1}","i":"${m != 1}"}""", """{"x":1,"n":null,"l":[1,{"a":2}],"k":[1,{"a":2}],"o":{"a":[1],"b":2},"p":{"b":2,"a":[1]},"s":"a"}"""),
        ("ordering", """{"a":"${x < 2}","b":"${x <= 1}","c":"${x > 1}","d":"${x >= 1}","e":"${s < t}","f":"${m < 2}","g":"${n > 1}","h":"${'B' < 'a'}"}""", """{"x":1,"s":"a","t":"b","n":null}"""),
        ("logic", """{"a":"${t && f}","b":"${t || f}","c":"${f || f}","d":"${f || z}","e":"${f || n}","f":"${f || m}","g":"${t && s}","h":"${f || t && f}","i":"${!f == t}","j":"${x > 0 && x < 2}"}""", """{"t":true,"f":false,"z":0,"n":null,"s":"s","x":1}"""),
        ("precedence: == binds tighter than <", """{"a":"${t == f == f}","b":"${(1 < 2) == true}","c":"${not(t) == f}"}""", """{"t":true,"f":false}"""),
        // $data, $index, $root
        ("repeat with index", """{"b":[{"$data":"${xs}","t":"${name} ${$index}","i":"${$index}"}]}""", """{"xs":[{"name":"a"},{"name":"b"}]}"""),
        ("repeat primitives", """{"b":[{"$data":"${xs}","t":"${$data}","u":"x${$data}"}]}""", """{"xs":["a",2,true]}"""),
        ("root inside repeat, missing in item", """{"b":[{"$data":"${xs}","t":"${$root.k}-${k}","u":"${t.a}|${$root.t.a}"}]}""", """{"k":"R","t":{"a":"A"},"xs":[{"k":"K"},{}]}"""),
        ("empty array removes element", """{"b":[{"$data":"${xs}","t":"x"}],"c":{"$data":"${xs}","t":"x"}}""", """{"xs":[]}"""),
        ("property holding repeat", """{"one":{"$data":"${a}","t":"${v}"},"two":{"$data":"${b}","t":"${v}"}}""", """{"a":[{"v":1}],"b":[{"v":1},{"v":2}]}"""),
        ("missing $data binds the text", """{"b":[{"$data":"${m}","t":"${$data}","u":"${v}"}]}""", """{}"""),
        ("null and scalar $data", """{"b":[{"$data":"${n}","t":"${$data}","u":"${v}"},{"$data":"${s}","t":"${$data}"},{"$data":"${k}","t":"${$data}"}]}""", """{"n":null,"s":"str","k":5}"""),
        ("object $data keeps outer index", """{"b":[{"$data":"${xs}","c":{"$data":"${o}","t":"${$index}","v":"${v}"}}]}""", """{"xs":[{"o":{"v":"a"}},{"o":{"v":"b"}}]}"""),
        ("object $data without repeat", """{"b":[{"$data":"${o}","t":"${v}","i":"${$index}"}],"$data":"${r}","x":"${w}"}""", """{"o":{"v":7},"r":{"w":"W"}}"""),
        ("nested repeats", """{"b":[{"$data":"${xs}","c":[{"$data":"${ys}","t":"${$index}/${y}"}]}]}""", """{"xs":[{"ys":[{"y":1},{"y":2}]},{"ys":[{"y":3}]}]}"""),
        ("inner object sees index", """{"b":[{"$data":"${xs}","c":{"t":"${$index}"}}]}""", """{"xs":[1,2]}"""),
        ("$data.x and $root paths", """{"b":[{"$data":"${xs}","t":"${$data.v}","r":"${$root.xs[0].v}"}]}""", """{"xs":[{"v":1},{"v":2}]}"""),
        ("literal $data", """{"b":[{"$data":{"v":9},"t":"${v}"},{"$data":[{"v":8},{"v":7}],"t":"${v}"}]}""", """{}"""),
        ("repeat of arrays", """{"b":[{"$data":"${x}","c":"${$data}"}]}""", """{"x":[[1,2],[3]]}"""),
        // $when
        ("when true, false, missing, non-bool", """{"b":[{"$when":"${t}","v":1},{"$when":"${f}","v":2},{"$when":"${m}","v":3},{"$when":"${one}","v":4},{"$when":"${s}","v":5}]}""", """{"t":true,"f":false,"one":1,"s":"true"}"""),
        ("when with functions on missing", """{"b":[{"$when":"${!m}","v":1},{"$when":"${empty(m)}","v":2},{"$when":"${count(m) > 0}","v":3},{"$when":"${m == 'a'}","v":4},{"$when":"${not(empty(l))}","v":5}]}""", """{"l":[1]}"""),
        ("when with repeat and index", """{"b":[{"$data":"${xs}","$when":"${$index == 1 || x}","t":"${v}"}]}""", """{"xs":[{"v":1},{"v":2},{"v":3,"x":true}]}"""),
        ("when on a property drops to null", """{"b":{"$when":"${f}","t":1},"c":{"$when":"${t}"}}""", """{"t":true,"f":false}"""),
        ("when on nested concat is never true", """{"b":[{"$when":"${concat(t)}","v":1}]}""", """{"t":true}"""),
        // Arrays
        ("array items: null dropped, arrays flattened", """{"b":[null,1,[2,[3]],"${xs}","${n}","${e}",{"$when":"${f}"}]}""", """{"xs":[4,null,[5]],"n":null,"e":[],"f":false}"""),
        // Failures in both engines
        ("fails: null inside text", """{"a":"hi ${x}"}""", """{"x":null}"""),
        ("fails: undefined inside text", """{"a":"hi ${x['k']}"}""", """{"x":{}}"""),
        ("fails: index past end, typed", """{"a":"${x[3]}"}""", """{"x":[5]}"""),
        ("fails: index into missing, typed", """{"a":"${x[0]}"}""", """{}"""),
        ("fails: count of null", """{"a":"${count(x)}"}""", """{"x":null}"""),
        ("fails: uncomparable", """{"a":"${x < 2}"}""", """{"x":"a"}"""),
        ("fails: double index into failed index", """{"a":"v ${x[3][0]}"}""", """{"x":[[1]]}"""),
        ("fails: null literal", """{"a":"${null}"}""", """{}"""),
        ("fails: concat with null", """{"a":"${concat(x, 'b')}"}""", """{"x":null}"""),
        ("fails: number member syntax", """{"a":"${x.0}"}""", """{"x":[1]}"""),
        ("fails: doubled quote", """{"a":"${x == 'it''s'}"}""", """{"x":"it's"}"""),
        ("fails: backtick in template text", """{"a":"`code` ${x}"}""", """{"x":1}"""),
    ];
}
