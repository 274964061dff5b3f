using Hotline.Server.Access;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline keys add|list|revoke`: the API keys of the data-sharing API (stored hashed; a secret is shown once).
/// </summary>
public static class KeysCommand
{
    public static Command Build()
    {
        var role = Cli.Required<string>("--role", "centre | unit:<unit_id> | emergency-office | public | intake");
        var name = Cli.Required<string>("--name", "who holds the key (a unit's system, an office)");
        var addDb = Cli.DbOption();
        var add = new Command("add", "Create a key and print its secret once (only its hash is kept).") { role, name,
            addDb };
        add.SetAction(p => Cli.Run(() =>
        {
            using var db = Cli.OpenExisting(p.GetValue(addDb)!);
            // A unit key names a unit of this warehouse's city (an imported city has its own directory).
            var r = AccessRole.Parse(p.GetValue(role)!, new UnitDirectory(db.Reference));
            var (key, secret) = ApiKeys.Add(db.Connection, r, p.GetValue(name)!, ChinaClock.System.Now);
            Console.Error.WriteLine($"key {key.KeyId} for {key.Role} ({key.Name}); the secret "
                + "below is shown only now:");
            Console.WriteLine(secret);
            return 0;
        }));

        var listDb = Cli.DbOption();
        var list = new Command("list", "The keys: id, role, holder, created, revoked (never the secrets).") { listDb };
        list.SetAction(p => Cli.Run(() =>
        {
            using var db = Cli.OpenExisting(p.GetValue(listDb)!);
            var t = new Table().AddColumns("key id", "role", "holder", "created", "revoked");
            foreach (var k in ApiKeys.List(db.Connection))
                t.AddRow(k.KeyId, Markup.Escape(k.Role.ToString()), Markup.Escape(k.Name),
                    $"{k.CreatedAt:yyyy-MM-dd HH:mm}", k.RevokedAt is { } at ? $"{at:yyyy-MM-dd HH:mm}" : "");
            AnsiConsole.Write(t);
            return 0;
        }));

        var id = new Argument<string>("key-id") { Description = "the key id shown by `keys list`" };
        var revokeDb = Cli.DbOption();
        var revoke = new Command("revoke", "Revoke a key: the server refuses it from its next request on.") { id,
            revokeDb };
        revoke.SetAction(p => Cli.Run(() =>
        {
            using var db = Cli.OpenExisting(p.GetValue(revokeDb)!);
            if (!ApiKeys.Revoke(db.Connection, p.GetValue(id)!, ChinaClock.System.Now))
                throw new ArgumentException($"no active key '{p.GetValue(id)}' (see `hotline keys list`)");
            Console.WriteLine($"revoked {p.GetValue(id)}");
            return 0;
        }));
        return new Command("keys", "API keys for the data-sharing API: add, list, revoke.") { add, list, revoke };
    }

}
